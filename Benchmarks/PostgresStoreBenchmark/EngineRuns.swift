import Foundation
import Updraft
import UpdraftPostgres

/// A 1,000-task run through the real engine on the PostgreSQL store: what the store's write path costs per task.
enum EngineRuns {
    enum Shape: String, CaseIterable {
        /// t0 >> t1 >> … : one task at a time, so the engine's writes have the least to batch.
        case chain
        /// one root >> N-2 parallel tasks >> one sink.
        case fan
    }

    struct Report {
        var shape: Shape
        var tasks: Int
        var statements: [(statement: String, calls: Int)]
        var postgres: Duration
        var memory: Duration

        var total: Int { statements.reduce(0) { $0 + $1.calls } }
    }

    /// Every task returns a small value, so each pushes an XCom result as operators do.
    static func dag(_ shape: Shape, size: Int) throws -> DAG {
        try DAG("pg_bench_\(shape.rawValue)_\(size)") { dag in
            let tasks = (0..<size).map { index in dag.task("t\(index)") { _ in "ok" } }
            switch shape {
            case .chain:
                for index in 1..<size { tasks[index - 1] >> tasks[index] }
            case .fan:
                tasks[0] >> Array(tasks[1..<(size - 1)])
                Array(tasks[1..<(size - 1)]) >> tasks[size - 1]
            }
        }
    }

    static func measure(_ shape: Shape, size: Int, store: PostgresRunStore, counter: StatementCounter,
                        attempt: Int) async throws -> Report {
        let dag = try dag(shape, size: size)
        let clock = ContinuousClock()
        var start = clock.now
        let inMemory = try await Engine().run(dag)
        let memory = clock.now - start
        try await counter.reset()
        start = clock.now
        let result = try await Engine(configuration: Engine.Configuration(store: store))
            .run(dag, runID: "bench-\(shape.rawValue)-\(attempt)")
        try await store.sync()
        let postgres = clock.now - start
        guard result.state == .success, inMemory.state == .success else {
            throw EngineError(dagID: dag.dagID, message: "benchmark run ended \(result.state)")
        }
        return Report(shape: shape, tasks: size, statements: try await counter.counts(), postgres: postgres,
                      memory: memory)
    }
}
