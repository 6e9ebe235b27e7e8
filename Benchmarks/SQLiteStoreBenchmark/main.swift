import BenchmarkShapes
import Foundation
import Synchronization
import Updraft
import UpdraftSQLite

// The durable store's cost (issue 15): engine overhead per task on SQLiteRunStore against InMemoryRunStore, the
// database's bytes per task instance, and the time to resume a 10,000-task run with half its tasks done.
//
//   swift build -c release --product SQLiteStoreBenchmark && .build/release/SQLiteStoreBenchmark [overhead|resume]

/// A fresh database file in a directory of its own under the system's temporary directory.
func freshDatabase() throws -> (store: SQLiteRunStore, directory: URL) {
    let directory = FileManager.default.temporaryDirectory.appending(path: "updraft-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return (try SQLiteRunStore(path: directory.appending(path: "updraft.db").path), directory)
}

/// The bytes of the database and its write-ahead log.
func databaseBytes(in directory: URL) -> Int {
    ["updraft.db", "updraft.db-wal"].reduce(0) { total, name in
        let size = try? FileManager.default.attributesOfItem(atPath: directory.appending(path: name).path)[.size]
        return total + ((size as? Int) ?? 0)
    }
}

/// Wall and CPU time of one engine run that must succeed, the store's queued writes included.
func timedRun(_ dag: DAG, engine: Engine, runID: String? = nil, resume: Bool = false,
              events: RunEventSink? = nil) async throws -> (wall: Duration, cpu: Duration) {
    let cpuStart = processCPUTime()
    let start = ContinuousClock.now
    let result = try await engine.run(dag, runID: runID, resume: resume, events: events)
    try await engine.configuration.store.sync()
    let wall = ContinuousClock.now - start
    guard result.state == .success else {
        throw EngineError(dagID: dag.dagID, message: "benchmark run ended \(result.state): \(result.run.note ?? "")")
    }
    return (wall, processCPUTime() - cpuStart)
}

func microseconds(_ duration: Duration, per count: Int) -> String {
    String(format: "%.2f µs", duration.inSeconds * 1e6 / Double(count))
}

func overhead() async throws {
    print("shape   |       N | memory run | memory/task | SQLite run | SQLite/task | SQLite CPU/task | ratio | DB bytes/TI")
    print("--------|---------|------------|-------------|------------|-------------|-----------------|-------|------------")
    for shape in [Shape.chain, .layered] {
        for size in [1_000, 10_000, 100_000] {
            let dag = try shape.build(size: size, tasks: .empty)
            let memory = try await timedRun(dag, engine: Engine(configuration: .init(store: InMemoryRunStore())))
            let (store, directory) = try freshDatabase()
            defer { try? FileManager.default.removeItem(at: directory) }
            let engine = Engine(configuration: .init(store: store, leaseDuration: .seconds(30)))
            let sqlite = try await timedRun(dag, engine: engine)
            let bytes = databaseBytes(in: directory)
            print([
                shape.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
                String(format: "%7d", size),
                String(format: "%7.1f ms", memory.wall.inSeconds * 1e3),
                microseconds(memory.wall, per: size),
                String(format: "%7.1f ms", sqlite.wall.inSeconds * 1e3),
                microseconds(sqlite.wall, per: size),
                microseconds(sqlite.cpu, per: size),
                String(format: "%.2f×", sqlite.wall.inSeconds / memory.wall.inSeconds),
                "\(bytes / size) B",
            ].joined(separator: " | "))
        }
    }
}

/// A 10,000-task layered run whose first half succeeded in a process that then died, resumed by a new engine.
func resume() async throws {
    let size = 10_000
    let dag = try Shape.layered.build(size: size, tasks: .empty)
    let (store, directory) = try freshDatabase()
    defer { try? FileManager.default.removeItem(at: directory) }
    let logicalDate = Date()
    try await store.createRun(DAGRunRecord(dagID: dag.dagID, runID: "half", logicalDate: logicalDate, state: .running,
                                           startDate: logicalDate))
    // Layers are contiguous, so the first half of the tasks is a set of whole layers: a state a run can be in.
    let instances = dag.tasks.indices.map { index in
        var record = TaskInstanceRecord(taskID: dag.tasks[index].taskID, maxTries: 1)
        if index < size / 2 {
            record.state = .success
            record.tryNumber = 1
            record.startDate = logicalDate
            record.endDate = logicalDate
            record.tries = [TryRecord(tryNumber: 1, startDate: logicalDate, endDate: logicalDate, state: .success)]
        }
        return record
    }
    try await store.saveTaskInstances(instances, dagID: dag.dagID, runID: "half")
    try await store.sync()
    let firstTry = Mutex<ContinuousClock.Instant?>(nil)
    let events = RunEventSink(deliver: { event in
        guard case .task(_, .running, _) = event.change else { return }
        firstTry.withLock { first in first = first ?? ContinuousClock.now }
    })
    let start = ContinuousClock.now
    let engine = Engine(configuration: .init(store: store, leaseDuration: .seconds(30)))
    let total = try await timedRun(dag, engine: engine, runID: "half", resume: true, events: events)
    let toFirst = (firstTry.withLock { $0 } ?? start) - start
    print("resume of a \(size)-task layered run, \(size / 2) done: first new try after "
          + String(format: "%.1f ms", toFirst.inSeconds * 1e3) + ", run finished after "
          + String(format: "%.1f ms", total.wall.inSeconds * 1e3) + " (CPU "
          + String(format: "%.1f ms", total.cpu.inSeconds * 1e3) + ")")
}

let mode = CommandLine.arguments.dropFirst().first ?? "all"
if mode == "overhead" || mode == "all" { try await overhead() }
if mode == "resume" || mode == "all" { try await resume() }
