import Foundation
import Logging
import PostgresTestSupport
import UpdraftPostgres

// The PostgreSQL store's costs, on a throwaway PostgreSQL 15 cluster (fsync on) with pg_stat_statements (top-level
// statements only: each is one round trip; the foreign-key checks the server runs inside them are not):
// statements per task for a 1,000-task run's writes, and the latency of the operations that wait.
//
//   swift build -c release --product PostgresStoreBenchmark && .build/release/PostgresStoreBenchmark [tasks] [samples]

let arguments = CommandLine.arguments.dropFirst()
let tasks = arguments.first.flatMap(Int.init) ?? 1_000
let samples = arguments.dropFirst().first.flatMap(Int.init) ?? 1_000

let server = try await PostgresTestServer.start(PostgresTestServer.Options(durable: true, settings: [
    "shared_preload_libraries": "'pg_stat_statements'", "pg_stat_statements.track": "top",
]))
do {
    try await server.createDatabase("bench")
    try await server.execute("CREATE EXTENSION pg_stat_statements", database: "bench")
    var logger = Logger(label: "benchmark")
    logger.logLevel = .warning
    let store = try await PostgresRunStore(url: server.url(database: "bench"), logger: logger)
    let counter = StatementCounter(server: server, database: "bench")
    let load = loadAverage()
    print("PostgreSQL 15, fsync on, loopback TCP; load average at start: \(load)\n")

    print("## Engine runs of \(tasks) tasks (each task returns a value: one XCom per task)")
    print("shape | statements | per task | batch statements | run on PostgreSQL | run in memory")
    for shape in EngineRuns.Shape.allCases {
        for attempt in 1...2 {
            let report = try await EngineRuns.measure(shape, size: tasks, store: store, counter: counter,
                                                      attempt: attempt)
            // The writer's group commits are the statements reading the batch document.
            let batches = report.statements.filter { $0.statement.contains("json_to_recordset") }
                .reduce(0) { $0 + $1.calls }
            print("\(shape) | \(report.total) | \(String(format: "%.3f", Double(report.total) / Double(tasks))) | "
                  + "\(batches) | \(report.postgres) | \(report.memory)")
            if attempt == 2 {
                for (statement, calls) in report.statements.prefix(6) { print("    \(calls) × \(statement.prefix(70))") }
            }
        }
    }

    print("\n## Store write path: \(tasks) tasks × (queued, running, XCom, success)")
    print("mode | statements | per task | time")
    for syncEachTask in [false, true] {
        let report = try await WritePath.measure(store, counter: counter, tasks: tasks, syncEachTask: syncEachTask)
        print("\(report.mode) | \(report.statements) | "
              + "\(String(format: "%.3f", Double(report.statements) / Double(tasks))) | \(report.duration)")
    }

    print("\n## Latency, \(samples) sequential calls each")
    for (operation, percentiles) in try await StoreLatency.measure(store, count: samples) {
        print("\(operation) | \(percentiles)")
    }
    print("\nload average at end: \(loadAverage())")
    await store.close()
} catch {
    print("benchmark failed: \(error)\nserver log: \(server.logTail())")
}
await server.stop()

/// The 1, 5 and 15-minute load averages.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
