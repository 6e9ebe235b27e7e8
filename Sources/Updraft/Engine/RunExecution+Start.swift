import Foundation
import Logging

/// How a run starts: its identity claimed in the store (a new run, or the stored run it resumes), every task
/// instance written, `dependsOnPast` and task date windows checked.
extension RunExecution {
    func prepare(requestedRunID: String?, resume: Bool, seen: DAGRunRecord?) async throws {
        let now = runStart
        let claimed = try await claim(requestedRunID: requestedRunID, resume: resume)
        // The lease before the stored run is used: a live owner's run is neither read half-written nor run twice.
        // A run a scheduler found queued starts only while its DAG has room (`maxActiveRuns`, counted by the store).
        try await takeLease(maxActiveRuns: seen?.state == .queued ? dag.maxActiveRuns : nil)
        var exhausted: [Int] = []
        if let claimed { exhausted = try await self.resume(from: try await current(seen: seen ?? claimed)) }
        runRecord.state = .running
        runRecord.startDate = runRecord.startDate ?? now
        runRecord.endDate = nil
        runRecord.note = nil
        try await storeCall { try await self.store.saveRun(self.runRecord) }
        configuration.logger.info("run started", metadata: [LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)"])
        emit(.run(.running))
        priorities = PriorityWeights.compute(dag)
        // Every task instance exists from the run's start, as Airflow creates them with the DAG run: the store can
        // show what is still to run, and sizes its storage once.
        // Not the tries still out in other processes: their claimers write them.
        for index in dag.tasks.indices where !remote.contains(index) { persist(index) }
        try await checkPast()
        for index in exhausted {
            finish(index, .failed, note: "its try was interrupted (the process running it stopped) and no retries are left")
        }
        for index in dag.tasks.indices where records[index].state == .pending {
            let options = dag.tasks[index].options
            if let start = options.startDate, logicalDate < start {
                finish(index, .skipped, note: "the run's logical date is before the task's startDate")
            } else if let end = options.endDate, logicalDate > end {
                finish(index, .skipped, note: "the run's logical date is after the task's endDate")
            } else {
                worklist.append(index)
            }
        }
    }

    /// Sets the run's id: creates a new run in the store under `requestedRunID` or the default id, or, when
    /// resuming, finds the stored run, which it returns.
    private func claim(requestedRunID: String?, resume: Bool) async throws -> DAGRunRecord? {
        if let requestedRunID, let problem = RunID.problem(with: requestedRunID) {
            throw EngineError(dagID: dag.dagID, runID: requestedRunID, reason: .invalidRunID, message: problem)
        }
        if resume {
            guard let requestedRunID else {
                throw EngineError(dagID: dag.dagID, reason: .runNotFound, message: "resuming a run needs its run id")
            }
            runID = requestedRunID
            runRecord.runID = requestedRunID
            guard let existing = try await storeCall({ try await self.store.run(dagID: self.dag.dagID,
                                                                                runID: requestedRunID) }) else {
                throw EngineError(dagID: dag.dagID, runID: requestedRunID, reason: .runNotFound,
                                  message: "there is no run '\(requestedRunID)' to resume")
            }
            return existing
        }
        let base = requestedRunID ?? RunID.manual(triggeredAt: runStart)
        var candidate = base
        // A default id is taken only by runs started in the same microsecond: a random suffix settles it, and a
        // second collision is practically impossible; the bound only keeps a broken store from looping.
        for _ in 0..<16 {
            runRecord.runID = candidate
            do {
                try await store.createRun(runRecord)
                runID = candidate
                return nil
            } catch RunStoreError.runExists {
                guard requestedRunID == nil else {
                    throw EngineError(dagID: dag.dagID, runID: candidate, reason: .runExists, message: """
                        run '\(candidate)' already exists; choose another run id, or resume it (resume: true)
                        """)
                }
                candidate = RunID.withRandomSuffix(base)
            } catch {
                throw storeError(error)
            }
        }
        throw EngineError(dagID: dag.dagID, runID: base, reason: .store,
                          message: "the run store reports every id tried for a new run as taken")
    }

    /// The stored run as it is now that this engine holds its lease. It was `seen` before the lease was taken (by
    /// the caller, or by `claim`), and in between another owner may have run it to its end (a scheduler replica
    /// taking over the same run, a second resume): running it again would write it back as running and finish it a
    /// second time, callbacks and alerts included, so it is refused with ``EngineError/Reason/runFinished``. A run
    /// already finished when seen, and unchanged since, is resumed as asked (its failed tasks run again, as after
    /// `airflow tasks clear`).
    private func current(seen: DAGRunRecord) async throws -> DAGRunRecord {
        guard let current = try await storeCall({ try await self.store.run(dagID: self.dag.dagID, runID: self.runID) })
        else {
            throw EngineError(dagID: dag.dagID, runID: runID, reason: .runNotFound,
                              message: "run '\(runID)' was deleted while this process was taking it over")
        }
        guard current.state.isFinished, current != seen else { return current }
        let ended = current.endDate.map { " at \($0.formatted(.iso8601))" } ?? ""
        throw EngineError(dagID: dag.dagID, runID: runID, reason: .runFinished, message: """
            run '\(runID)' finished (\(current.state.rawValue)\(ended)) while this process was taking it over: \
            another process ran it to its end, so there is nothing left to resume
            """)
    }

    /// Claims the run for this engine when the configuration asks for leases (``Engine/Configuration/leaseDuration``).
    private func takeLease(maxActiveRuns: Int?) async throws {
        guard let duration = configuration.leaseDuration else { return }
        let keeper = RunLeaseKeeper(store: store, clock: clock, duration: duration, dagID: dag.dagID, runID: runID,
                                    hostname: configuration.hostname)
        do {
            do {
                leaseExpiry = try await keeper.acquire(maxActiveRuns: maxActiveRuns)
            } catch RunStoreError.runOwned(_, _, let owner) where owner.isDeadProcessOnThisHost(configuration.hostname) {
                // Its owner was killed on this very machine (kill -9, OOM): no need to wait for its lease to lapse.
                leaseExpiry = try await keeper.acquire(after: owner, maxActiveRuns: maxActiveRuns)
            }
        } catch let RunStoreError.activeRunsFull(_, _, limit) {
            throw EngineError(dagID: dag.dagID, runID: runID, reason: .activeRunsFull, message: """
                run '\(runID)' stays queued: \(limit) other runs of the DAG are active (maxActiveRuns)
                """)
        } catch RunStoreError.runOwned(_, _, let owner) {
            throw EngineError(dagID: dag.dagID, runID: runID, reason: .runOwned, message: """
                run '\(runID)' is being run by \(owner.ownerDescription) (its lease runs until \
                \(owner.expiresAt.formatted(.iso8601))); stop that process, or resume once its lease has expired
                """)
        } catch {
            throw storeError(error)
        }
        leaseKeeper = keeper
    }

    /// Calls the store, turning its errors into an ``EngineError`` (masked).
    private func storeCall<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch {
            throw storeError(error)
        }
    }

    private func storeError(_ error: any Error) -> EngineError {
        EngineError(dagID: dag.dagID, runID: runRecord.runID, reason: .store,
                    message: "the run store failed: \(configuration.masker.mask(String(describing: error)))")
    }

    /// Resuming continues the run where it stopped. Tasks that succeeded or were skipped keep their state (and
    /// their XCom values, which stay in the store). A task whose try was running when its process stopped is handed
    /// that try's recorded remote work (``TaskContext/interruptedWork``) to reattach to, under the same try number;
    /// without any, the try counts as failed, as Airflow fails a task whose process vanished, and the task retries
    /// if it has tries left. A task waiting for its retry waits what remains of its delay. Tasks that had failed run
    /// again with their retries afresh (their try numbers continue), as after `airflow tasks clear`.
    /// Returns the interrupted tasks that have no try left: they fail once the run has started.
    private func resume(from existing: DAGRunRecord) async throws -> [Int] {
        resumed = true
        // The stored run keeps what made it: its logical date, type, data interval and due time.
        logicalDate = existing.logicalDate
        logicalDateText = RunExecution.isoDate(existing.logicalDate)
        runRecord.logicalDate = existing.logicalDate
        runRecord.startDate = existing.startDate
        runRecord.runType = existing.runType
        runRecord.conf = existing.conf
        runRecord.dataIntervalStart = existing.dataIntervalStart
        runRecord.dataIntervalEnd = existing.dataIntervalEnd
        runRecord.runAfter = existing.runAfter
        if paramOverrides.isEmpty {
            params = existing.params
            runRecord.params = existing.params
        }
        let stored = try await storeCall { try await self.store.taskInstances(dagID: self.dag.dagID, runID: self.runID) }
        // Tries queued for other processes that are still out stay theirs; those whose claim lapsed are this
        // process's now, to reattach to as below.
        var out: Set<String> = []
        if configuration.sharesTries {
            let claims = try await storeCall {
                try await self.store.collectClaimedTries(dagID: self.dag.dagID, runID: self.runID,
                                                         takeOver: self.ownerClaim, now: self.clock.now())
            }
            out = Set(claims.outstanding + claims.ended.map(\.taskID))
        }
        var exhausted: [Int] = []
        for record in stored {
            guard let index = dag.index(of: record.taskID) else { continue }
            var record = record
            // The pool as the DAG now says: its next try holds that pool's slots.
            record.pool = dag.tasks[index].pool
            record.poolSlots = dag.tasks[index].poolSlots
            var kept = record
            kept.endDate = nil
            kept.error = nil
            switch record.state {
            case .success, .skipped:
                records[index] = record
                decided[index] = true
                for child in dag.graph.downstream(of: index) { counts[Int(child)].record(record.state) }
                continue
            case .running, .queued:
                if out.contains(record.taskID) {
                    adoptRemote(index, record)
                    continue
                }
                let handles = try await storeCall {
                    try await self.store.externalHandles(taskID: record.taskID, dagID: self.dag.dagID,
                                                         runID: self.runID)
                }
                if let handle = handles[record.tryNumber] {
                    // The same try again, handed what it started: start() numbers it as before.
                    if kept.tries.last?.tryNumber == record.tryNumber { kept.tries.removeLast() }
                    kept.tryNumber -= 1
                    interrupted[index] = handle
                } else {
                    markInterrupted(&kept)
                    if kept.tryNumber >= kept.maxTries { exhausted.append(index) }
                }
                kept.state = .pending
            case .upForRetry:
                let lastEnd = record.tries.last?.endDate ?? clock.now()
                kept.state = .upForRetry
                decided[index] = true
                resumedRetries.append((index, lastEnd.adding(retryDelay(of: index, afterTry: record.tryNumber))))
            case .failed, .upstreamFailed, .removed:
                kept.maxTries = dag.tasks[index].retries + 1 + record.tryNumber
                kept.state = .pending
            case .pending, .scheduled:
                kept.state = .pending
            }
            records[index] = kept
        }
        return exhausted
    }

    /// Records that a try was cut off with no remote work to reattach to: it failed.
    private func markInterrupted(_ record: inout TaskInstanceRecord) {
        guard var attempt = record.tries.popLast() else { return }
        attempt.state = .failed
        attempt.endDate = attempt.endDate ?? clock.now()
        attempt.error = "interrupted: the process running this try stopped before it finished"
        record.tries.append(attempt)
    }

    private func checkPast() async throws {
        guard dag.tasks.contains(where: \.dependsOnPast),
              let previous = try await storeCall({
                  try await self.store.previousRun(dagID: self.dag.dagID, before: self.logicalDate)
              }) else { return }
        let pastStates = Dictionary(
            try await storeCall { try await self.store.taskInstances(dagID: self.dag.dagID, runID: previous.runID) }
                .map { ($0.taskID, $0.state) },
            uniquingKeysWith: { first, _ in first })
        for (index, task) in dag.tasks.enumerated() where task.dependsOnPast {
            if let state = pastStates[task.taskID], state != .success, state != .skipped {
                pastBlocked[index] = true
                log(index, .warning, "dependsOnPast: this task was \(state.rawValue) in run \(previous.runID)")
            }
        }
    }
}
