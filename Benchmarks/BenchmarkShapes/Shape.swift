import Logging
public import Updraft

/// The DAG shapes the benchmarks measure (shared by `UpdraftBenchmark` and `CLIBenchmark`).
public enum Shape: String, CaseIterable, Sendable {
    /// t0 >> t1 >> … >> tN-1: no parallelism at all.
    case chain
    /// one root >> N-2 parallel tasks >> one sink.
    case fan
    /// √N layers of √N tasks; each task depends on up to 4 random tasks of the layer before (fixed seed).
    case layered

    /// The DAG of `size` tasks of `kind` in this shape (`bench_<shape>_<size>`).
    public func build(size: Int, tasks kind: TaskKind) throws -> DAG {
        try DAG("bench_\(rawValue)_\(size)") { dag in
            let tasks = (0..<size).map { index in
                switch kind {
                case .empty: dag.task("t\(index)", EmptyOperator())
                case .closure: dag.task("t\(index)") { _ in }
                case .logging(let lines):
                    dag.task("t\(index)") { context in
                        for line in 1...max(1, lines) { context.logger.info("task \(index) says line \(line)") }
                    }
                }
            }
            switch self {
            case .chain:
                for index in 1..<size { tasks[index - 1] >> tasks[index] }
            case .fan:
                tasks[0] >> Array(tasks[1..<(size - 1)])
                Array(tasks[1..<(size - 1)]) >> tasks[size - 1]
            case .layered:
                var random = SplitMix64(seed: 42)
                let width = max(1, Int(Double(size).squareRoot()))
                for index in width..<size {
                    let layerStart = (index / width) * width
                    let previous = (layerStart - width)..<layerStart
                    for _ in 0..<4 {
                        tasks[previous.lowerBound + Int(random.next() % UInt64(previous.count))] >> tasks[index]
                    }
                }
            }
        }
    }
}

/// What every task of a measured DAG is.
public enum TaskKind: Hashable, Sendable, CustomStringConvertible {
    /// `EmptyOperator`, whose tries start on the engine's thread and never leave it.
    case empty
    /// A closure task doing nothing, whose tries are handed to the concurrency pool like any operator's.
    case closure
    /// A closure task logging this many lines (at least one).
    case logging(Int)

    /// The kinds the engine benchmark sweeps.
    public static let engineKinds: [TaskKind] = [.empty, .closure]

    /// `empty`, `closure` or `logging10`.
    public init?(_ text: String) {
        switch text {
        case "empty": self = .empty
        case "closure": self = .closure
        default:
            guard text.hasPrefix("logging"), let lines = Int(text.dropFirst("logging".count)), lines > 0 else {
                return nil
            }
            self = .logging(lines)
        }
    }

    public var description: String {
        switch self {
        case .empty: "empty"
        case .closure: "closure"
        case .logging(let lines): "logging\(lines)"
        }
    }
}

/// A small deterministic generator (SplitMix64), so the layered graph is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
