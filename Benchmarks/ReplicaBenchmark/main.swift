import Foundation
import Logging
import PostgresTestSupport
import UpdraftPostgres

// Several `serve` replicas (processes of updraft-replica-fixture) on one throwaway PostgreSQL 15 cluster (fsync on,
// pg_stat_statements): with 1, 2 and 3 replicas, throughput of runs of `wide` (1,000 short tasks), the replicas'
// statements per task, acquireLease latency on the loaded server, trigger-to-claim latency, and (2 and 3 replicas)
// takeover time after kill -9 of a run's owner; with `shared`, the replicas share every run's tries
// (`serve --share-tries`) and the time from a try's queueing to its claim is measured too.
//
//   swift build -c release --product ReplicaBenchmark --product updraft-replica-fixture
//   .build/release/ReplicaBenchmark [wide runs (6)] [claim samples (50)] [takeovers (3)] [lease seconds (5)] [shared]

let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ index: Int, _ fallback: Double) -> Double {
    index < arguments.count ? Double(arguments[index]) ?? fallback : fallback
}
let wideRuns = Int(argument(0, 6))
let claimSamples = Int(argument(1, 50))
let takeovers = Int(argument(2, 3))
let leaseSeconds = argument(3, 5)
let sharesTries = arguments.count > 4 && arguments[4] == "shared"
let role = "updraft_replica"
let rolePassword = "replica-" + UUID().uuidString

let server = try await PostgresTestServer.start(PostgresTestServer.Options(durable: true, settings: [
    "shared_preload_libraries": "'pg_stat_statements'", "pg_stat_statements.track": "top",
]))
do {
    try await server.execute("CREATE EXTENSION pg_stat_statements",
                             "CREATE ROLE \(role) LOGIN PASSWORD '\(rolePassword)'")
    let counter = StatementCounter(server: server, role: role)
    print("""
        PostgreSQL 15, fsync on, loopback TCP; lease \(leaseSeconds) s; \
        \(sharesTries ? "tries shared (--share-tries)" : "tries run by each run's owner"); \
        load average at start: \(loadAverage())
        """)
    for count in 1...3 {
        let database = "bench_\(count)"
        try await server.execute("CREATE DATABASE \(database) OWNER \(role)")
        let directory = FileManager.default.temporaryDirectory.appending(path: "replica-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let setup = try BenchmarkReplica.Setup(
            databaseURL: server.url(database: database, user: role, password: rolePassword), directory: directory,
            leaseSeconds: leaseSeconds, sharesTries: sharesTries)
        var replicas = try (0..<count).map { try BenchmarkReplica(setup, number: $0) }
        for replica in replicas { try await replica.ready() }
        var logger = Logger(label: "benchmark")
        logger.logLevel = .warning
        // Opened once the replicas migrated the database (as their role, which owns it).
        let store = try await PostgresRunStore(url: server.url(database: database), logger: logger)

        print("\n## \(count) replica\(count == 1 ? "" : "s")")
        let throughput = try await Throughput.measure(runs: wideRuns, store: store, counter: counter)
        print("""
            wide: \(throughput.runs) runs × 1,000 tasks in \(throughput.elapsed) (\(throughput.failed) failed): \
            \(String(format: "%.0f", throughput.tasksPerSecond)) tasks/s; replicas' statements \
            \(throughput.statements) = \(String(format: "%.3f", throughput.statementsPerTask)) per task
            acquireLease on the loaded server (200 sequential): \(throughput.leaseClaims)
            """)
        for (statement, calls) in throughput.topStatements { print("    \(calls) × \(statement.prefix(90))") }
        if sharesTries { print("try queued → claimed (every try of the runs): \(throughput.tryClaims)") }
        let claims = try await ClaimLatency.measure(samples: claimSamples, store: store)
        print("trigger → claimed and running (\(claimSamples) runs of single, one at a time): \(claims)")
        if count > 1 {
            var nextNumber = count
            for _ in 0..<takeovers {
                let sample = try await Takeover.measure(store: store, replicas: &replicas, setup: setup,
                                                        nextNumber: &nextNumber)
                let goal = sample.takeover <= .milliseconds(Int64(leaseSeconds * 1_000)) + .seconds(1)
                print("""
                    takeover after kill -9: \(sample.takeover) (the killed owner's lease had \(sample.leaseLeft) \
                    left; goal ≤ lease + 1 s: \(goal ? "met" : "missed"))
                    """)
            }
        }
        for replica in replicas { try await replica.stop() }
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
    print("\nload average at end: \(loadAverage())")
} catch {
    print("benchmark failed: \(error)\nserver log: \(server.logTail())")
}
await server.stop()

/// The 1, 5 and 15-minute load averages.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
