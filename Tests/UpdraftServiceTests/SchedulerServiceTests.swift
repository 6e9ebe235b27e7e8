import Foundation
import Synchronization
import Logging
import ServiceLifecycle
import Testing
import Updraft
import UpdraftService
import UpdraftSQLite
import UpdraftTesting

/// The scheduler on the manual clock (no sleeps): catchup in order, one run per interval across restarts and
/// processes, triggers written by another store handle, maxActiveRuns, pause, graceful shutdown.
@Suite struct SchedulerServiceTests {
    /// 2026-06-01T00:00:00Z, on the hour.
    static let now = Date(timeIntervalSince1970: 1_780_272_000)

    static func sqliteStore() throws -> SQLiteRunStore {
        let directory = FileManager.default.temporaryDirectory.appending(path: "updraft-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try SQLiteRunStore(path: directory.appending(path: "updraft.db").path)
    }

    /// Runs `service` in a group until `done` holds for the store (checked at every change the store signals), then
    /// shuts it down gracefully and waits for it.
    static func serve(_ service: UpdraftService, until done: @escaping @Sendable () async throws -> Bool) async throws {
        let signals = service.engine.store.changeSignals()
        let group = ServiceGroup(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            if try await !done() {
                for await _ in signals where try await done() { break }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func finishedRuns(_ store: any RunStore, _ dagID: String) async throws -> [DAGRunRecord] {
        try await store.runs(matching: RunQuery(dagID: dagID, states: [.success, .failed], oldestFirst: true))
    }

    @Test func aYearOfHourlyCatchupIsCreatedOnceEachInOrder() async throws {
        let bodies = Gauge()
        let dag = try DAG("hourly", schedule: .hourly, startDate: Self.now.addingTimeInterval(-8_760 * 3600 + 1800),
                          catchup: true) { dag in dag.task("load") { _ in bodies.enter() } }
        let store = InMemoryRunStore(retention: .everyRun)
        let clock = ManualClock(now: Self.now)
        let service = UpdraftService(dags: [dag], engine: Engine.Configuration(clock: clock, store: store))
        // Counted in the bodies, not by querying the store at each of its 26,000 change signals.
        try await Self.serve(service) { bodies.current == 8_760 }
        let runs = try await Self.finishedRuns(store, "hourly")
        #expect(runs.count == 8_760)
        #expect(Set(runs.map(\.runID)).count == 8_760)
        let dates = runs.map(\.logicalDate).sorted()
        #expect(dates.first == Self.now.addingTimeInterval(-8_759 * 3600))
        #expect(dates.last == Self.now)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3600 }, "every hour, once")
        #expect(runs.allSatisfy { $0.runType == .scheduled })
    }

    @Test func aRestartAndAnotherProcessNeverCreateAnIntervalTwice() async throws {
        let store = try Self.sqliteStore()
        let dag = try DAG("hourly", schedule: .hourly, startDate: Self.now.addingTimeInterval(-10 * 3600 + 1800),
                          catchup: true) { dag in dag.task("load", EmptyOperator()) }
        let clock = ManualClock(now: Self.now)
        try await Self.serve(UpdraftService(dags: [dag], engine: Engine.Configuration(clock: clock, store: store))) {
            try await Self.finishedRuns(store, "hourly").count == 10
        }
        // Two hours later, two services on the same database file (as two processes would open it).
        clock.advance(by: .hours(2))
        let other = try SQLiteRunStore(path: store.path)
        let services = [store, other].map { UpdraftService(dags: [dag], engine: Engine.Configuration(clock: clock, store: $0)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask { try await Self.serve(service) { try await Self.finishedRuns(store, "hourly").count >= 12 } }
            }
            try await group.waitForAll()
        }
        let runs = try await Self.finishedRuns(store, "hourly")
        #expect(runs.count == 12)
        #expect(Set(runs.map(\.logicalDate)).count == 12, "one run per interval")
    }

    @Test func theNextRunShownMovesOnWithEachAutomatedRun() async throws {
        let store = InMemoryRunStore(retention: .everyRun)
        let clock = ManualClock(now: Self.now)
        let hourly = try DAG("hourly", schedule: .hourly, startDate: Self.now.addingTimeInterval(-3 * 3600 + 1800),
                             catchup: true) { dag in dag.task("load", EmptyOperator()) }
        let once = try DAG("once", schedule: .once, startDate: Self.now.addingTimeInterval(-3600)) { dag in
            dag.task("load", EmptyOperator())
        }
        try await Self.serve(UpdraftService(dags: [hourly, once], engine: Engine.Configuration(clock: clock, store: store))) {
            let once = try await Self.finishedRuns(store, "once").count
            return try await Self.finishedRuns(store, "hourly").count == 3 && once == 1
        }
        // As Airflow's `next_dagrun`: the interval after the last one run, and none after an @once DAG's run.
        let hourlyRecord = try await store.dag(dagID: "hourly")
        let latest = try await Self.finishedRuns(store, "hourly").last?.logicalDate
        #expect(hourlyRecord?.nextRunAfter == Self.now.addingTimeInterval(3600))
        #expect(hourlyRecord?.nextLogicalDate == latest?.addingTimeInterval(3600))
        let onceRecord = try await store.dag(dagID: "once")
        #expect(onceRecord?.nextLogicalDate == nil && onceRecord?.nextRunAfter == nil, "\(String(describing: onceRecord))")
    }

    @Test func aTriggerWrittenByAnotherHandleRunsWithItsConf() async throws {
        let store = try Self.sqliteStore()
        let seen = CallRecorder<String>()
        let dag = try DAG("manual") { dag in
            dag.task("echo") { context in seen.record("\(context.params["target"] == "eu" ? "eu" : "?") \(context.runType.rawValue)") }
        }
        let clock = ManualClock(now: Self.now)
        let service = UpdraftService(dags: [dag], engine: Engine.Configuration(clock: clock, store: store))
        let trigger = try SQLiteRunStore(path: store.path)  // what `trigger` in another process writes
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await Self.serve(service) { try await Self.finishedRuns(store, "manual").count == 1 }
            }
            try await trigger.createRun(DAGRunRecord(dagID: "manual", runID: "triggered", logicalDate: Self.now,
                                                     state: .queued, runType: .manual, conf: ["target": "eu"]))
            try await trigger.sync()
            try await group.waitForAll()
        }
        #expect(seen.all == ["eu manual"])
        #expect(try await store.run(dagID: "manual", runID: "triggered")?.state == .success)
    }

    @Test func maxActiveRunsHoldsAndAPausedDAGCreatesNothing() async throws {
        let store = InMemoryRunStore(retention: .everyRun)
        let concurrent = Gauge()
        let dag = try DAG("limited", schedule: .hourly, startDate: Self.now.addingTimeInterval(-6 * 3600 + 1800),
                          catchup: true, maxActiveRuns: 2) { dag in
            dag.task("work") { context in
                concurrent.enter()
                defer { concurrent.leave() }
                try await context.clock.sleep(for: .minutes(10))
            }
        }
        let paused = try DAG("paused", schedule: .hourly, startDate: Self.now.addingTimeInterval(-6 * 3600),
                             catchup: true, isPausedUponCreation: true) { dag in dag.task("t", EmptyOperator()) }
        let clock = ManualClock(now: Self.now, autoAdvance: true)
        try await Self.serve(UpdraftService(dags: [dag, paused], engine: Engine.Configuration(clock: clock, store: store))) {
            try await Self.finishedRuns(store, "limited").count == 6
        }
        #expect(concurrent.peak == 2)
        #expect(try await store.countRuns(matching: RunQuery(dagID: "paused")) == 0)
        #expect(try await store.dag(dagID: "paused")?.isPaused == true)
    }
}

extension SchedulerServiceTests {
    // Without the fix the loop never ends: the time limit turns that hang into a failure.
    @Test(.timeLimit(.minutes(1))) func cancellingTheServiceCancelsItsRunsWithTheirCleanUpAndEnds() async throws {
        let store = InMemoryRunStore(retention: .everyRun)
        let (starts, started) = AsyncStream.makeStream(of: Void.self)
        let cleaned = Gauge()
        let dag = try DAG("long", schedule: .hourly, startDate: Self.now.addingTimeInterval(-1800), catchup: true) { dag in
            dag.task("hold", HoldingOperator(started: started, cleaned: cleaned))
        }
        let clock = ManualClock(now: Self.now)
        let service = UpdraftService(dags: [dag], engine: Engine.Configuration(clock: clock, store: store))
        let task = Task { try await service.run() }
        for await _ in starts { break }
        task.cancel()
        _ = await task.result  // returns: the loop ends instead of spinning
        #expect(cleaned.current == 1, "the running try's clean-up ran")
        #expect(try await store.runs(matching: RunQuery(dagID: "long")).first?.state == .failed)
    }
}

/// Waits until cancelled; counts its start and its clean-up.
struct HoldingOperator: Operator {
    let started: AsyncStream<Void>.Continuation
    let cleaned: Gauge

    func execute(context: TaskContext) async throws -> JSONValue? {
        started.yield()
        try await context.clock.sleep(for: .hours(10))
        return nil
    }

    func onKill(context: TaskContext) async { cleaned.enter() }
}

/// Counts concurrent entries and remembers the peak.
final class Gauge: Sendable {
    private let state = Mutex((current: 0, peak: 0))
    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var current: Int { state.withLock { $0.current } }
}
