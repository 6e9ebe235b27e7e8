import Updraft

/// The DAG shapes measured.
enum Shape: String, CaseIterable {
    /// t0 >> t1 >> … >> tN-1: no parallelism at all.
    case chain
    /// one root >> N-2 parallel tasks >> one sink.
    case fan
    /// √N layers of √N tasks; each task depends on up to 4 random tasks of the layer before (fixed seed).
    case layered

    func build(size: Int, tasks kind: TaskKind) throws -> DAG {
        try DAG("bench_\(rawValue)_\(size)") { dag in
            let tasks = (0..<size).map { index in
                switch kind {
                case .empty: dag.task("t\(index)", EmptyOperator())
                case .closure: dag.task("t\(index)") { _ in }
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
enum TaskKind: String, CaseIterable {
    /// `EmptyOperator`, whose tries start on the engine's thread and never leave it.
    case empty
    /// A closure task doing nothing, whose tries are handed to the concurrency pool like any operator's.
    case closure
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
