import Foundation
import Logging
import Updraft
import UpdraftHTTP

/// Follows one Talend run on behalf of a ``TalendJobOperator``: polls its status with backoff on the context's
/// clock, copies new log lines into the task log, and rides out status reads that fail for a while.
///
/// It never terminates the run itself: it stops with a ``Stop`` (or the error that made following impossible),
/// and the operator terminates the run once, whatever the reason.
struct TalendRunWatcher {
    /// The most lines Talend serves per log page.
    static let logPageSize = 200

    /// Why the watcher gave up on a run that has not ended.
    enum Stop: Error {
        /// The operator's `timeout` passed.
        case timedOut(lastStatus: String)
        /// Status reads kept failing for longer than `statusFailureTolerance`.
        case statusUnavailable(failedPolls: Int, duration: Duration, lastError: String)
    }

    let jobOperator: TalendJobOperator
    let hook: any TalendCloudHook
    let executionID: String
    let context: TaskContext
    /// How long a 404 counts as "not visible yet" from the start of watching (0 when reattaching to a run that
    /// an earlier try started long ago).
    let notFoundGracePeriod: Duration
    /// How many log lines were copied so far: the next page starts there, so no line is copied twice.
    private var linesCopied = 0
    /// When the current series of failed status reads began, and how many there were.
    private var failures: (since: Date, count: Int)?

    init(operator jobOperator: TalendJobOperator, hook: any TalendCloudHook, executionID: String,
         context: TaskContext, notFoundGracePeriod: Duration) {
        self.jobOperator = jobOperator
        self.hook = hook
        self.executionID = executionID
        self.context = context
        self.notFoundGracePeriod = notFoundGracePeriod
    }

    /// Polls until the run is terminal and returns its final status.
    /// - Throws: ``Stop``; a permanent or unexpected error of the hook (401/403, 404 after the grace period);
    ///   `CancellationError`.
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
            if let deadline, now >= deadline {
                context.logger.error("Talend execution \(executionID) exceeded the operator's timeout")
                throw Stop.timedOut(lastStatus: lastStatus)
            }
            let wake = now.adding(interval)
            try await clock.sleep(until: deadline.map { min($0, wake) } ?? wake)
            interval = min(interval * 2, max(jobOperator.maxPollInterval, jobOperator.pollInterval))
        }
    }

    /// One status read; nil while a fresh run is not visible yet (404 within the grace period) or while reads fail
    /// transiently within the tolerance.
    private mutating func poll(since started: Date) async throws -> TalendExecutionStatus? {
        let now = context.clock.now()
        do {
            let status = try await hook.executionStatus(executionID, logger: context.logger)
            failures = nil
            return status
        } catch let error as TalendAPIError where error.status == 404 && now < started.adding(notFoundGracePeriod) {
            context.logger.info("Talend execution \(executionID) not visible yet")
            return nil
        } catch where Self.isTransient(error) {
            let series = (since: failures?.since ?? now, count: (failures?.count ?? 0) + 1)
            failures = series
            let duration = Duration.seconds(context.clock.now().timeIntervalSince(series.since))
            guard duration < jobOperator.statusFailureTolerance else {
                throw Stop.statusUnavailable(failedPolls: series.count, duration: duration, lastError: "\(error)")
            }
            context.logger.warning("""
                Status of Talend execution \(executionID) unavailable (\(error)); still following it, for up to \
                \(Int(jobOperator.statusFailureTolerance.inSeconds)) s of failures
                """)
            return nil
        }
    }

    /// Failures a later status read may well not have: Talend or the network briefly down, 429 and 5xx answers,
    /// an answer that is not the JSON expected. Not: credentials refused, an unknown run, a bad request.
    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as TalendAPIError: error.isTransient
        case let error as HTTPTransportError: !error.isPermanent
        default: false
        }
    }

    /// Copies the lines logged since the last call. Log trouble is reported, never fatal: the run's outcome
    /// comes from its status.
    mutating func copyNewLogLines() async {
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
