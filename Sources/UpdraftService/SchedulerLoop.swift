import Foundation
import Logging
import Updraft

/// The scheduler's state machine: owned by the task running the service; the children of its task group only run
/// DAG runs and wait, and report back, so the state needs no lock.
///
/// Every decision is made in ``decide(_:)`` after an event — a run finished, the store changed (a trigger, a clear,
/// a pause), or the time the next run is due came — never on a timer of its own.
final class SchedulerLoop {
    /// What the loop is for: serving DAGs on their schedules until shut down, or running given runs (a backfill)
    /// until they have all finished, creating no scheduled runs.
    enum Mode {
        case serve
        case drain(Set<String>)
    }

    enum Event: Sendable {
        /// The waiter returned; `timerFired` when its clock timer fired (not only the doorbell), which a
        /// time-skipping test clock counts as work until the loop has handled the wake.
        case woke(timerFired: Bool)
        case runFinished(dagID: String, runID: String)
        case forwarderEnded
    }

    let engine: Engine
    let configuration: ServiceConfiguration
    let mode: Mode
    let heartbeat: SchedulerHeartbeat
    var schedules: [String: DAGSchedule]
    let order: [String]
    /// Runs this process executes, by DAG.
    var executing: [String: Set<String>] = [:]
    var waiterActive = false
    /// When the active waiter returns by itself (nil: only when rung).
    var waiterDeadline: Date?
    /// Rung by every event the loop waits for besides its own children: store changes, shutdown.
    let wakeup: Wakeup
    let shutdown: ShutdownRequest
    var graceDeadline: Date?
    /// The earliest expiry of another owner's lease on an open run: the loop wakes then to take the run over.
    var leaseExpiry: Date?
    var cancelledForShutdown = false
    var store: any RunStore { engine.configuration.store }
    var clock: any UpdraftClock { engine.configuration.clock }
    var logger: Logger { configuration.logger }

    init(dags: [DAG], engine: Engine, configuration: ServiceConfiguration, shutdown: ShutdownRequest,
         heartbeat: SchedulerHeartbeat, mode: Mode = .serve) {
        self.engine = engine
        self.mode = mode
        self.heartbeat = heartbeat
        self.shutdown = shutdown
        self.wakeup = shutdown.wakeup
        self.configuration = configuration
        self.order = dags.map(\.dagID)
        self.schedules = Dictionary(dags.map { ($0.dagID, DAGSchedule(dag: $0, lastAutomated: nil, isPaused: false)) },
                                    uniquingKeysWith: { first, _ in first })
    }

    func run() async throws {
        try await load()
        heartbeat.setRunning(true)
        defer { heartbeat.setRunning(false) }
        logger.info("scheduler started", metadata: ["dags": "\(order.count)"])
        try await withThrowingTaskGroup(of: Event.self) { group in
            let signals = store.changeSignals()
            let wakeup = wakeup
            group.addTask {
                for await _ in signals { wakeup.ring() }
                return .forwarderEnded
            }
            await decide(&group)
            addWaiter(&group, until: nextWake())
            while let event = try await group.next() {
                // A fired timer's wake is handed back once this wake's decisions are made (runs started), so a
                // time-skipping clock cannot move past them; before this, it never was, and such a clock stopped.
                let timerFired = if case .woke(timerFired: true) = event { true } else { false }
                defer { if timerFired { clock.workEnded() } }
                switch event {
                case .woke:
                    waiterActive = false
                case .runFinished(let dagID, let runID): executing[dagID]?.remove(runID)
                case .forwarderEnded: break
                }
                // Cancelled (a second signal, the host's group ending): no grace, the runs are cancelled with their
                // clean-up; without this the loop would keep re-adding waiters that return at once (found by a
                // reviewer: it spun at full CPU until the runs had cleaned up).
                if Task.isCancelled {
                    group.cancelAll()
                    continue
                }
                if case .drain(let runIDs) = mode, executing.values.allSatisfy(\.isEmpty),
                   try await drained(runIDs) {
                    group.cancelAll()
                    continue
                }
                if shutdownRequested {
                    if executing.values.allSatisfy(\.isEmpty) {
                        group.cancelAll()
                        continue
                    }
                    if graceDeadline == nil {
                        graceDeadline = clock.now().adding(configuration.gracePeriod)
                        logger.notice("shutting down: waiting up to \(configuration.gracePeriod) for running tasks")
                    }
                    if let graceDeadline, clock.now() >= graceDeadline, !cancelledForShutdown {
                        cancelledForShutdown = true
                        logger.notice("grace period over: cancelling running tasks (pods deleted, executions terminated)")
                        group.cancelAll()
                        continue
                    }
                } else {
                    await decide(&group)
                }
                if !cancelledForShutdown { rearm(&group) }
            }
        }
        logger.info("scheduler stopped")
    }

    var shutdownRequested: Bool { shutdown.isRequested }

    /// Registers the DAGs and learns where their automated runs got to.
    private func load() async throws {
        let now = clock.now()
        for dagID in order {
            guard var schedule = schedules[dagID] else { continue }
            let latest = try await store.runs(matching: RunQuery(dagID: dagID, runTypes: [.scheduled, .backfill],
                                                                 limit: 1)).first
            schedule.lastAutomated = latest.flatMap { run in
                run.dataIntervalStart.map { DataInterval(start: $0, end: run.dataIntervalEnd ?? $0) }
                    ?? DataInterval(start: run.logicalDate, end: run.logicalDate)
            }
            let registered = try await store.registerDAG(schedule.record(
                pausedUponCreation: configuration.pausedUponCreation, next: schedule.nextRun(now: now), now: now))
            schedule.isPaused = registered.isPaused
            schedules[dagID] = schedule
        }
    }

    /// Whether every run of a drain has finished.
    private func drained(_ runIDs: Set<String>) async throws -> Bool {
        for dagID in order {
            let open = try await store.runs(matching: RunQuery(dagID: dagID, states: [.queued, .running]))
            if open.contains(where: { runIDs.contains($0.runID) }) { return false }
        }
        return true
    }

    /// Makes sure a waiter wakes the loop by the next wake: adds one if none waits, and rings the doorbell when the
    /// active one would sleep past a wake decided since — a decision after a run's end (not a store change) may have
    /// learnt of another owner's lease expiring sooner; without this the loop slept to its wall-clock recheck and
    /// took the dead owner's run over a minute late (found by ReplicaBenchmark: 60 s takeovers with a 5 s lease).
    private func rearm(_ group: inout ThrowingTaskGroup<Event, any Error>) {
        let wake = nextWake()
        guard waiterActive else { return addWaiter(&group, until: wake) }
        if let wake, wake < waiterDeadline ?? .distantFuture { wakeup.ring() }
    }

    private func addWaiter(_ group: inout ThrowingTaskGroup<Event, any Error>, until deadline: Date?) {
        waiterActive = true
        waiterDeadline = deadline
        let clock = clock
        let wakeup = wakeup
        group.addTask {
            let timerFired = await withTaskGroup(of: Bool.self) { race in
                if let deadline { race.addTask { (try? await clock.sleep(until: deadline)) != nil } }
                race.addTask { await wakeup.wait(); return false }
                var fired = await race.next() ?? false
                race.cancelAll()
                // The timer may have fired just as the doorbell won: its wake is counted all the same.
                for await late in race { fired = fired || late }
                return fired
            }
            return .woke(timerFired: timerFired)
        }
    }
}
