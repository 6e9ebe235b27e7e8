import Logging
import Updraft

extension TalendJobOperator {
    /// Records `executionID` as this try's remote work in the run store (``TalendExecutionHandle``).
    func remember(_ executionID: String, settled: Bool, context: TaskContext) async throws {
        try await context.recordExternalWork(TalendExecutionHandle.handle(
            executionID, executable: executable, settled: settled, at: context.clock.now()))
    }

    /// Follows `executionID` to its end and returns its final status.
    ///
    /// The run is recorded in the run store as this try's work first and settled once seen to end (or unknown to
    /// Talend), and its id becomes the task's XCom result. When following fails, or the task is cancelled, the
    /// run is terminated (best effort, logged) before the error leaves; if Talend cannot be told, the record stays
    /// and the task's next try follows the run instead of starting a second one.
    func watch(
        _ executionID: String, hook: any TalendCloudHook, context: TaskContext, notFoundGracePeriod: Duration
    ) async throws -> TalendExecutionStatus {
        try await remember(executionID, settled: false, context: context)
        try await context.xcom.push(executionID, key: XComAccess.returnValueKey)
        let logger = context.logger
        var watcher = TalendRunWatcher(operator: self, hook: hook, executionID: executionID, context: context,
                                       notFoundGracePeriod: notFoundGracePeriod)
        do {
            let status = try await withCancellationCleanup {
                try await watcher.watch()
            } cleanup: {
                logger.warning("Task cancelled: terminating Talend execution \(executionID)")
                await Self.terminate(executionID, hook: hook, logger: logger)
            }
            try? await remember(executionID, settled: true, context: context)
            return status
        } catch let error as TalendAPIError where error.status == 404 {
            // Talend does not know the run (any more): nothing runs that could be left behind.
            try? await remember(executionID, settled: true, context: context)
            throw error
        } catch let stop as TalendRunWatcher.Stop {
            // Terminating is not ended: the record stays running, and the next try waits for the end.
            let terminated = await Self.terminate(executionID, hook: hook, logger: logger)
            switch stop {
            case .timedOut(let lastStatus):
                if streamLogs { await watcher.copyNewLogLines() }
                throw TalendJobTimedOut(executable: executable, executionID: executionID, timeout: timeout ?? .zero,
                                        lastStatus: lastStatus, terminated: terminated)
            case .statusUnavailable(let failedPolls, let duration, let lastError):
                throw TalendStatusUnavailable(executable: executable, executionID: executionID,
                                              failedPolls: failedPolls, duration: duration, lastError: lastError,
                                              terminated: terminated)
            }
        } catch where !(error is CancellationError) && !Task.isCancelled {
            logger.error("Cannot follow Talend execution \(executionID): \(error)")
            await Self.terminate(executionID, hook: hook, logger: logger)
            throw error
        }
    }

    /// Follows an execution an earlier try of this task left unsettled (it could not be followed, or terminating
    /// it failed) to its end, before anything new starts: a try never adds a second live run. Returns its final
    /// status, or nil when Talend does not know it.
    func settleEarlierExecution(_ executionID: String, hook: any TalendCloudHook, context: TaskContext,
                                restarted: Bool = false) async throws -> TalendExecutionStatus? {
        if !restarted {
            context.logger.warning("""
                Talend execution \(executionID) of an earlier try may still be running: following it before \
                starting another
                """)
        }
        do {
            return try await watch(executionID, hook: hook, context: context, notFoundGracePeriod: .zero)
        } catch let error as TalendAPIError where error.status == 404 {
            context.logger.info("Talend does not know execution \(executionID) any more")
            return nil
        }
    }

    /// Whether a finished run makes the task succeed.
    func endedWell(_ status: TalendExecutionStatus) -> Bool {
        status.phase == .succeeded || (status.phase == .rejected && rejectedRunPolicy == .succeed)
    }

    /// The task's outcome for a finished run.
    func conclude(_ status: TalendExecutionStatus, executionID: String, logger: Logger) throws -> String {
        switch status.phase {
        case .succeeded:
            logger.info("Talend execution \(executionID) succeeded: \(status.statusText)")
            return executionID
        case .rejected where rejectedRunPolicy == .succeed:
            logger.warning("""
                Talend execution \(executionID) ended \(status.statusText) with \
                \(status.numberOfRejectedRows ?? 0) rejected rows; accepted by policy
                """)
            return executionID
        default:
            throw TalendJobFailed(executable: executable, executionID: executionID, status: status)
        }
    }

    /// Terminates a run, logging instead of throwing: clean-up must not hide why the task ended.
    /// - Returns: whether Talend accepted the termination.
    @discardableResult
    static func terminate(_ executionID: String, hook: any TalendCloudHook, logger: Logger) async -> Bool {
        do {
            try await hook.terminateExecution(executionID, logger: logger)
            logger.info("Terminated Talend execution \(executionID)")
            return true
        } catch {
            logger.error("Could not terminate Talend execution \(executionID): \(error)")
            return false
        }
    }
}
