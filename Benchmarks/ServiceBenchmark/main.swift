import BenchmarkShapes
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Updraft
import UpdraftService
import UpdraftSQLite
import UpdraftTesting

// The scheduler's costs (issue 16), on the SQLite store as `serve` uses it:
//
//   swift build -c release --product ServiceBenchmark
//   .build/release/ServiceBenchmark idle       # 100 daily DAGs: start -> scheduling, idle RSS and CPU over 30 s
//   .build/release/ServiceBenchmark latency    # 1,000 DAGs due every minute, 2 minutes: due -> task running
//   .build/release/ServiceBenchmark runs N     # N hourly catchup runs on the manual clock: CPU per run, RSS after

func freshStore() throws -> SQLiteRunStore {
    let directory = FileManager.default.temporaryDirectory.appending(path: "updraft-service-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try SQLiteRunStore(path: directory.appending(path: "updraft.db").path)
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

/// Runs `service` until `body` returns, then shuts it down gracefully.
func serving<T: Sendable>(_ service: UpdraftService, _ body: @Sendable () async throws -> T) async throws -> T {
    let group = ServiceGroup(services: [service], logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        let result = try await body()
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

func idle() async throws {
    let dags = try (0..<100).map { index in
        try DAG("daily_\(index)", schedule: .daily, startDate: Date()) { dag in dag.task("t", EmptyOperator()) }
    }
    let start = ContinuousClock.now
    let service = UpdraftService(dags: dags, engine: Engine.Configuration(store: try freshStore()))
    try await serving(service) {
        while service.heartbeat.lastBeat == nil { try await Task.sleep(for: .milliseconds(1)) }
        print("100 DAGs: start -> first scheduling decision \(ContinuousClock.now - start)")
        let cpu = processCPUTime()
        try await Task.sleep(for: .seconds(30))
        let used = processCPUTime() - cpu
        print("idle over 30 s: CPU \(used) (\(String(format: "%.3f", used.inSeconds / 30 * 100)) % of a core), "
              + "RSS \(megabytes(memoryStatus("VmRSS")))")
    }
}

func latency() async throws {
    let samples = Mutex<[Double]>([])
    let dags = try (0..<1_000).map { index in
        try DAG("minutely_\(index)", schedule: "* * * * *", startDate: Date().addingTimeInterval(-30)) { dag in
            dag.task("t") { context in
                let late = Date().timeIntervalSince(context.logicalDate)
                samples.withLock { $0.append(late) }
            }
        }
    }
    let service = UpdraftService(dags: dags, engine: Engine.Configuration(store: try freshStore()))
    let cpu = processCPUTime()
    try await serving(service) {
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.up) * 60
        try await Task.sleep(for: .seconds(minute + 125 - Date().timeIntervalSince1970))
    }
    let used = processCPUTime() - cpu
    let sorted = samples.withLock { $0 }.sorted()
    guard !sorted.isEmpty else { return print("no run started") }
    func percentile(_ p: Double) -> String {
        String(format: "%.1f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1e3)
    }
    print("1,000 DAGs every minute, \(sorted.count) runs: due -> task running p50 \(percentile(0.5)), p99 "
          + "\(percentile(0.99)), max \(percentile(1)); CPU \(used) in all, "
          + String(format: "%.2f ms", used.inSeconds * 1e3 / Double(sorted.count)) + " per run (idle included); "
          + "RSS \(megabytes(memoryStatus("VmRSS")))")
}

func runs(_ count: Int) async throws {
    let now = Date(timeIntervalSince1970: 1_780_272_000)
    let done = Mutex(0)
    let dag = try DAG("hourly", schedule: .hourly, startDate: now.addingTimeInterval(-Double(count) * 3600 + 1800),
                      catchup: true) { dag in dag.task("t") { _ in done.withLock { $0 += 1 } } }
    for (name, store) in [("in memory (last 100 runs kept)", InMemoryRunStore() as any RunStore),
                          ("SQLite", try freshStore() as any RunStore)] {
        done.withLock { $0 = 0 }
        let before = memoryStatus("VmRSS")
        let cpu = processCPUTime()
        let wall = ContinuousClock.now
        let service = UpdraftService(dags: [dag], engine: Engine.Configuration(clock: ManualClock(now: now), store: store))
        try await serving(service) {
            while done.withLock({ $0 }) < count { try await Task.sleep(for: .milliseconds(10)) }
        }
        let used = processCPUTime() - cpu
        print("\(count) catchup runs, \(name): \(ContinuousClock.now - wall), CPU "
              + String(format: "%.0f µs", used.inSeconds * 1e6 / Double(count)) + " per run, RSS "
              + "\(megabytes(before)) -> \(megabytes(memoryStatus("VmRSS")))")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "idle": try await idle()
case "latency": try await latency()
case "runs": try await runs(Int(arguments.dropFirst().first ?? "") ?? 10_000)
default: print("usage: ServiceBenchmark idle|latency|runs N")
}
