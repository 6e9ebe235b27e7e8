import Foundation
import Logging
import Updraft

/// What the scheduler does when it wakes: create the runs that became due, start queued runs (triggered, cleared)
/// and take over runs whose owner died, within each DAG's `maxActiveRuns`; then work out when to wake next.
extension SchedulerLoop {
    func decide(_ group: inout ThrowingTaskGroup<Event, any Error>) async {
        let now = clock.now()
        leaseExpiry = nil
        do {
            let paused = Dictionary(try await store.dags().map { ($0.dagID, $0.isPaused) },
                                    uniquingKeysWith: { first, _ in first })
            let open = try await store.runs(matching: RunQuery(states: [.queued, .running], oldestFirst: true))
            let openByDAG = Dictionary(grouping: open, by: \.dagID)
            for dagID in order {
                guard var schedule = schedules[dagID] else { continue }
                schedule.isPaused = paused[dagID] ?? schedule.isPaused
                schedules[dagID] = schedule
                try await decide(dagID, open: openByDAG[dagID] ?? [], now: now, &group)
            }
            heartbeat.beat(at: now)
        } catch {
            let message = engine.configuration.masker.mask(String(describing: error))
            logger.error("scheduling failed: \(message)")
            heartbeat.beat(at: now, error: message)
        }
    }

    private func decide(_ dagID: String, open: [DAGRunRecord], now: Date, _ group: inout ThrowingTaskGroup<Event, any Error>) async throws {
        guard var schedule = schedules[dagID] else { return }
        let mine = executing[dagID] ?? []
        var running = Set(open.filter { $0.state == .running }.map(\.runID)).union(mine)
        // Runs another process owned, whose lease has run out: take them over (pods and Talend executions are
        // reattached by the engine).
        for run in open where run.state == .running && !mine.contains(run.runID) && isMine(run) {
            if let lease = try await store.lease(dagID: dagID, runID: run.runID), lease.expiresAt > now,
               !lease.isDeadProcessOnThisHost(engine.configuration.hostname) {
                leaseExpiry = min(leaseExpiry ?? lease.expiresAt, lease.expiresAt)
                continue
            }
            logger.notice("resuming run \(run.runID) of \(dagID): its owner is gone")
            start(run, &group)
        }
        guard !schedule.isPaused else { return }
        // Runs that became due, in order, while there is room (not while draining a backfill).
        let automatedBefore = schedule.lastAutomated
        while case .serve = mode, running.count < schedule.maxActiveRuns, let info = schedule.nextRun(now: now), info.runAfter <= now {
            let runID = RunID.scheduled(logicalDate: info.logicalDate)
            let run = DAGRunRecord(
                dagID: dagID, runID: runID, logicalDate: info.logicalDate, state: .queued, runType: .scheduled,
                dataIntervalStart: info.dataInterval.start, dataIntervalEnd: info.dataInterval.end,
                runAfter: info.runAfter)
            do {
                try await store.createRun(run)
                logger.info("created run \(runID) of \(dagID)")
                running.insert(runID)
                start(run, &group)
            } catch RunStoreError.logicalDateTaken, RunStoreError.runExists {
                // Another process (or this one before a restart) created it: it is already there.
                logger.debug("run \(runID) of \(dagID) already exists")
            }
            schedule.lastAutomated = info.dataInterval
        }
        schedules[dagID] = schedule
        if schedule.lastAutomated != automatedBefore {
            // The DAG's next run as the pages and the API show it (Airflow's `next_dagrun`) moves on with each
            // automated run; after an `@once` run there is none.
            _ = try await store.registerDAG(schedule.record(
                pausedUponCreation: configuration.pausedUponCreation, next: schedule.nextRun(now: now), now: now))
        }
        // Queued runs (triggered, cleared), oldest first.
        for run in open where run.state == .queued && !running.contains(run.runID) && isMine(run) {
            guard running.count < schedule.maxActiveRuns else { break }
            running.insert(run.runID)
            start(run, &group)
        }
    }

    /// Whether the loop starts `run`: any run when serving, only its own when draining a backfill.
    private func isMine(_ run: DAGRunRecord) -> Bool {
        guard case .drain(let runIDs) = mode else { return true }
        return runIDs.contains(run.runID)
    }

    /// Starts (or resumes) a stored run as a child of the loop's group.
    func start(_ run: DAGRunRecord, _ group: inout ThrowingTaskGroup<Event, any Error>) {
        guard let dag = schedules[run.dagID]?.dag else { return }
        executing[run.dagID, default: []].insert(run.runID)
        let engine = engine
        let logger = logger
        let masker = engine.configuration.masker
        group.addTask {
            do {
                _ = try await engine.resume(dag, run: run)
            } catch let error as EngineError where error.reason == .runFinished {
                // Another replica ran it to its end since this loop read it: nothing was left to do.
                logger.info("run \(run.runID) of \(run.dagID) was left alone: \(masker.mask(error.message))")
            } catch let error as EngineError where error.reason == .activeRunsFull {
                // Another replica started a run of the DAG since this loop counted: this one waits for a run's end
                // (a store change, which wakes the loop).
                logger.debug("\(masker.mask(error.message))")
            } catch {
                logger.error("run \(run.runID) of \(run.dagID) could not run: \(masker.mask(String(describing: error)))")
            }
            return .runFinished(dagID: run.dagID, runID: run.runID)
        }
    }

    /// When to wake next: the earliest due run of a DAG with room for it, the end of the shutdown grace period, and,
    /// on a real clock, a recheck that notices wall-clock steps.
    func nextWake() -> Date? {
        let now = clock.now()
        var wake: Date? = graceDeadline
        if !shutdownRequested, let leaseExpiry { wake = min(wake ?? leaseExpiry, leaseExpiry) }
        if !shutdownRequested, case .serve = mode {
            for schedule in schedules.values where !schedule.isPaused {
                guard (executing[schedule.dag.dagID]?.count ?? 0) < schedule.maxActiveRuns,
                      let next = schedule.nextRun(now: now)?.runAfter else { continue }
                wake = min(wake ?? next, next)
            }
        }
        if clock is SystemClock {
            let recheck = now.adding(configuration.wallClockRecheck)
            wake = min(wake ?? recheck, recheck)
        }
        return wake
    }


}
