import Foundation
import Logging
import Updraft

/// Waits for one Talend run on behalf of a ``TalendJobOperator``: polls its status with backoff on the context's
/// clock, copies new log lines into the task log, and terminates the run when the operator's timeout passes.
struct TalendRunWatcher {
    /// The most lines Talend serves per log page.
    static let logPageSize = 200

    let jobOperator: TalendJobOperator
    let hook: any TalendCloudHook
    let executionID: String
    let context: TaskContext
    /// How many log lines were copied so far: the next page starts there, so no line is copied twice.
    private var linesCopied = 0

    init(operator jobOperator: TalendJobOperator, hook: any TalendCloudHook, executionID: String,
         context: TaskContext) {
        self.jobOperator = jobOperator
        self.hook = hook
        self.executionID = executionID
        self.context = context
    }

    /// Polls until the run is terminal and returns its final status.
    /// - Throws: ``TalendJobTimedOut`` (after terminating the run), the hook's errors, `CancellationError`.
    mutating func watch() async throws -> TalendExecutionStatus {
        let clock = context.clock
        let started = clock.now()
        let deadline = jobOperator.timeout.map { started.adding($0) }
        var interval = jobOperator.pollInterval
        var lastStatus = "not yet visible"
        while true {
            if let status = try await poll(since: started) {
                if status.statusText != lastStatus {
                    context.logger.info("Talend execution \(executionID): \(status.statusText)")
                    lastStatus = status.statusText
                }
                if jobOperator.streamLogs { await copyNewLogLines() }
                switch status.phase {
                case .inFlight: break
                case .unknown: context.logger.warning("Unknown Talend status \(status.statusText); still waiting")
                default:
                    if jobOperator.streamLogs, jobOperator.finalLogDelay > .zero {
                        try await clock.sleep(for: jobOperator.finalLogDelay)
                        await copyNewLogLines()
                    }
                    return status
                }
            }
            let now = clock.now()
            if let deadline, let timeout = jobOperator.timeout, now >= deadline {
                context.logger.error("Talend execution \(executionID) exceeded the timeout; terminating it")
                await TalendJobOperator.terminate(executionID, hook: hook, logger: context.logger)
                if jobOperator.streamLogs { await copyNewLogLines() }
                throw TalendJobTimedOut(executable: jobOperator.executable, executionID: executionID,
                                        timeout: timeout, lastStatus: lastStatus)
            }
            let wake = now.adding(interval)
            try await clock.sleep(until: deadline.map { min($0, wake) } ?? wake)
            interval = min(interval * 2, max(jobOperator.maxPollInterval, jobOperator.pollInterval))
        }
    }

    /// One status read; nil while a fresh run is not visible yet (404 within the grace period).
    private func poll(since started: Date) async throws -> TalendExecutionStatus? {
        do {
            return try await hook.executionStatus(executionID, logger: context.logger)
        } catch let error as TalendAPIError
            where error.status == 404 && context.clock.now() < started.adding(jobOperator.notFoundGracePeriod)
        {
            context.logger.info("Talend execution \(executionID) not visible yet")
            return nil
        }
    }

    /// Copies the lines logged since the last call. Log trouble is reported, never fatal: the run's outcome
    /// comes from its status.
    private mutating func copyNewLogLines() async {
        do {
            while true {
                let page = try await hook.executionLogs(
                    executionID, startIndex: linesCopied, count: Self.logPageSize, logger: context.logger)
                for entry in page.data { log(entry) }
                linesCopied += page.data.count
                guard let next = page.nextIndex, next >= linesCopied, !page.data.isEmpty else { return }
                linesCopied = next
            }
        } catch is CancellationError {
            return
        } catch {
            context.logger.warning("Could not read the logs of Talend execution \(executionID): \(error)")
        }
    }

    private func log(_ entry: TalendLogEntry) {
        let severity = entry.severity?.uppercased() ?? "INFO"
        let message: Logger.Message = "[talend \(severity)] \(entry.logMessage)"
        switch severity {
        case "ERROR", "FATAL": context.logger.error(message)
        case "WARN", "WARNING": context.logger.warning(message)
        case "TRACE", "DEBUG": context.logger.debug(message)
        default: context.logger.info(message)
        }
    }
}
