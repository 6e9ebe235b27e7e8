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
                if stopReason != .cancelled { finish(index, .skipped, note: "the run was stopped") }
            } else {
                setState(index, .scheduled)
                ready.push(index, priority: priorities[index])
            }
        case .retryCancelled(let index):
            retriesWaiting -= 1
            retryWakes[index] = nil
            guard records[index].state == .upForRetry else { return }  // skipped by a branch meanwhile
            // Airflow marks unfinished tasks skipped when a run times out; a cancelled run's task was not skipped
            // by anyone: it failed, waiting for a retry that never came.
            finish(index, stopReason == .cancelled ? .failed : .skipped,
                   note: stopReason == .cancelled ? "the run was cancelled while the task waited for its retry"
                                                  : "the run was stopped before the retry")
        case .runTimedOut:
            clockWorkToRelease += 1
            timerActive = false
            stop(.dagrunTimeout, &group)
            runRecord.note = "the run exceeded its dagrunTimeout"
        case .runTimerCancelled:
            timerActive = false
        }
    }

    private func handle(_ report: TryReport, _ group: inout TaskGroup<ChildResult>) {
        let index = report.index
        let task = dag.tasks[index]
        running -= 1
        poolUsage[task.pool, default: 0] -= task.poolSlots
        if let blocked = blockedByPool.removeValue(forKey: task.pool) {
            for waiting in blocked { ready.push(waiting, priority: priorities[waiting]) }
        }
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
        case .cancelled?, nil: "the run was cancelled"
        }
    }

    private func scheduleRetry(_ index: Int, _ group: inout TaskGroup<ChildResult>) {
        let task = dag.tasks[index]
        let delay = RetryDelay.delay(
            retryDelay: task.retryDelay, exponentialBackoff: task.retryExponentialBackoff,
            maxRetryDelay: task.options.maxRetryDelay, dagID: dag.dagID, taskID: task.taskID,
            logicalDate: logicalDateText, tryNumber: records[index].tryNumber)
        setState(index, .upForRetry, message: "retry in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        persist(index)
        log(index, .info, "up for retry: next try in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        retriesWaiting += 1
        let timer = clock.makeTimer(until: clock.now().adding(delay))
        let wake = RetryWake()
        retryWakes[index] = wake
        group.addTask { await wake.wait(for: timer) ? .retryDue(index) : .retryCancelled(index) }
    }

    /// Stops the run: running tries are cancelled (their clean-up runs), waiting tasks are skipped, unless the run
    /// was cancelled, which leaves them pending so that a resumed run picks them up.
    func stop(_ reason: StopReason, _ group: inout TaskGroup<ChildResult>) {
        stopReason = reason
        group.cancelAll()
        var waiting = ready.removeAll()
        for list in blockedByPool.values { waiting += list }
        blockedByPool.removeAll()
        for index in waiting where records[index].state == .scheduled {
            if reason == .cancelled {
                decided[index] = false
                setState(index, .pending)
            } else {
                finish(index, .skipped, note: stopDescription)
            }
        }
        if reason != .cancelled {
            for index in dag.tasks.indices where records[index].state == .pending && !decided[index] {
                finish(index, .skipped, note: stopDescription)
            }
        }
    }

    func finishTimerIfIdle(_ group: inout TaskGroup<ChildResult>) {
        guard timerActive, running == 0, retriesWaiting == 0, ready.isEmpty else { return }
        group.cancelAll()
    }
}
