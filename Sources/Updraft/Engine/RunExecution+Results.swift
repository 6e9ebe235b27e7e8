import Foundation
import Logging

/// What the run does with a finished try, a fired timer or a stop: retries, branches, fail-fast, timeouts and
/// cancellation.
extension RunExecution {
    func handle(_ result: ChildResult, _ group: inout TaskGroup<ChildResult>) {
        switch result {
        case .tryFinished(let report):
            handle(report, &group)
            clockWorkToRelease += 1  // the count taken when the try started
        case .retryDue(let index):
            clockWorkToRelease += 1  // the clock counted the timer's wake as work until handled
            retriesWaiting -= 1
            retryWakes[index] = nil
            guard records[index].state == .upForRetry else { return }  // skipped by a branch meanwhile
            if let stopReason {
                if !stopReason.leavesTasksPending { finish(index, .skipped, note: "the run was stopped") }
            } else {
                setState(index, .scheduled)
                ready.push(index, priority: priorities[index])
            }
        case .retryCancelled(let index):
            retriesWaiting -= 1
            retryWakes[index] = nil
            guard records[index].state == .upForRetry else { return }  // skipped by a branch meanwhile
            // A run that lost its lease leaves the wait to the new owner.
            if case .leaseLost? = stopReason { return }
            // Airflow marks unfinished tasks skipped when a run times out; a cancelled run's task was not skipped
            // by anyone: it failed, waiting for a retry that never came.
            finish(index, stopReason == .cancelled ? .failed : .skipped,
                   note: stopReason == .cancelled ? "the run was cancelled while the task waited for its retry"
                                                  : "the run was stopped before the retry")
        case .runTimedOut:
            clockWorkToRelease += 1
            backgroundChildren -= 1
            stop(.dagrunTimeout, &group)
            runRecord.note = "the run exceeded its dagrunTimeout"
        case .runTimerCancelled:
            backgroundChildren -= 1
        case .slotsMayBeFree:
            slotWaiterActive = false
            retryStartsWaitingForSlot()
        case .claimSignal, .claimSignalsEnded, .claimCheckDue, .claimCheckCancelled, .claimsCollected,
             .claimCollectionFailed:
            handleClaimEvent(result, &group)
        case .heartbeatEnded(let lost):
            backgroundChildren -= 1
            if let lost, stopReason == nil || stopReason == .cancelled {
                configuration.logger.error("run stopped: \(lost)", metadata: [
                    LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)",
                ])
                stop(.leaseLost(lost), &group)
                runRecord.note = "this process stopped: \(lost)"
            }
        }
    }

    func handle(_ report: TryReport, _ group: inout TaskGroup<ChildResult>) {
        let index = report.index
        let task = dag.tasks[index]
        releaseSlots(of: index)
        if let blocked = blockedByPool.removeValue(forKey: task.pool) {
            for waiting in blocked { ready.push(waiting, priority: priorities[waiting]) }
        }
        // Its slot counts in the store until its end is written, which comes before the next start is asked for.
        retryStartsWaitingForSlot()
        var attempt = records[index].tries.removeLast()
        attempt.endDate = report.end
        switch report.outcome {
        case .success(let value):
            attempt.state = .success
            records[index].tries.append(attempt)
            if branching[index] { applyBranch(from: index, choice: value) }
            finish(index, .success)
        case .skipped(let reason):
            attempt.state = .skipped
            records[index].tries.append(attempt)
            finish(index, .skipped, note: reason)
        case .failed(let message, _), .timedOut(let message):
            attempt.error = message
            if report.willRetry, stopReason == nil {
                attempt.state = .upForRetry
                records[index].tries.append(attempt)
                scheduleRetry(index, &group)
            } else {
                attempt.state = .failed
                records[index].tries.append(attempt)
                finish(index, .failed, note: message)
                if dag.failFast, stopReason == nil {
                    stop(.failFast, &group)
                    runRecord.note = "failFast: task '\(task.taskID)' failed"
                }
            }
        case .cancelled(let message):
            if stopReason == nil { stop(.cancelled, &group) }
            let state: TaskInstanceState = stopReason == .dagrunTimeout ? .skipped : .failed
            attempt.state = state
            attempt.error = message
            records[index].tries.append(attempt)
            finish(index, state, note: stopDescription + ": " + message)
        }
        logs.finishTry(taskID: task.taskID, tryNumber: report.tryNumber)
    }

    private var stopDescription: String {
        switch stopReason {
        case .failFast?: "stopped by failFast"
        case .dagrunTimeout?: "stopped by the dagrunTimeout"
        case .storeFailure?: "stopped by a run store failure"
        case .leaseLost?: "stopped: the run's lease was lost"
        case .cancelled?, nil: "the run was cancelled"
        }
    }

    private func scheduleRetry(_ index: Int, _ group: inout TaskGroup<ChildResult>) {
        let delay = retryDelay(of: index, afterTry: records[index].tryNumber)
        setState(index, .upForRetry, message: "retry in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        persist(index)
        log(index, .info, "up for retry: next try in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        waitForRetry(index, until: clock.now().adding(delay), &group)
    }

    /// The retry delay a task waits after a failed try (Airflow's `retry_delay`, backoff and maximum).
    func retryDelay(of index: Int, afterTry tryNumber: Int) -> Duration {
        let task = dag.tasks[index]
        return RetryDelay.delay(
            retryDelay: task.retryDelay, exponentialBackoff: task.retryExponentialBackoff,
            maxRetryDelay: task.options.maxRetryDelay, dagID: dag.dagID, taskID: task.taskID,
            logicalDate: logicalDateText, tryNumber: tryNumber)
    }

    /// Waits, as a child of the run's group, until the task's retry is due (or a branch skips it).
    func waitForRetry(_ index: Int, until due: Date, _ group: inout TaskGroup<ChildResult>) {
        retriesWaiting += 1
        let timer = clock.makeTimer(until: due)
        let wake = RetryWake()
        retryWakes[index] = wake
        group.addTask { await wake.wait(for: timer) ? .retryDue(index) : .retryCancelled(index) }
    }

    /// Stops the run: running tries are cancelled (their clean-up runs), waiting tasks are skipped, unless the run
    /// was cancelled, which leaves them pending so that a resumed run picks them up.
    func stop(_ reason: StopReason, _ group: inout TaskGroup<ChildResult>) {
        stopReason = reason
        group.cancelAll()
        releaseRemote(reason, &group)
        var waiting = ready.removeAll() + waitingForSlot
        for list in blockedByPool.values { waiting += list }
        blockedByPool.removeAll()
        waitingForSlot.removeAll()
        for index in waiting where records[index].state == .scheduled {
            if reason.leavesTasksPending {
                decided[index] = false
                setState(index, .pending)
            } else {
                finish(index, .skipped, note: stopDescription)
            }
        }
        if !reason.leavesTasksPending {
            for index in dag.tasks.indices where records[index].state == .pending && !decided[index] {
                finish(index, .skipped, note: stopDescription)
            }
        }
    }

    func finishTimerIfIdle(_ group: inout TaskGroup<ChildResult>) {
        guard backgroundChildren > 0, running == 0, retriesWaiting == 0, ready.isEmpty, waitingForSlot.isEmpty
        else { return }
        group.cancelAll()
    }

    /// Puts the tasks the store refused back in the ready queue, to be asked for again.
    private func retryStartsWaitingForSlot() {
        guard stopReason == nil else { return }
        for index in waitingForSlot { ready.push(index, priority: priorities[index]) }
        waitingForSlot.removeAll()
    }
}
