public import Logging
import Updraft
public import UpdraftTalend
import Synchronization

/// A scripted `TalendCloudHook` for tests: starts hand out `executionID`, status polls walk through
/// `statuses` (the last repeats), logs serve `logLines`, and every call is recorded.
///
/// ```swift
/// let talend = MockTalendCloudHook(statuses: [.executing, .executing, .successful])
/// let result = try await dag.test(hooks: ["talend_api": talend])
/// #expect(talend.starts.all.first?.executable == "5fb2f5126a1cd451b07bee7a")
/// ```
public final class MockTalendCloudHook: TalendCloudHook {
    private struct State {
        var statuses: [TalendExecutionStatus]
        var polls = 0
        var logLines: [TalendLogEntry]
        var startError: (any Error)?
    }

    /// The id every start returns.
    public let executionID: String
    private let state: Mutex<State>
    /// The start requests received.
    public let starts = CallRecorder<TalendExecutionRequest>()
    /// The execution ids whose status was read, one entry per poll.
    public let statusPolls = CallRecorder<String>()
    /// The `startIndex` of every log read.
    public let logReads = CallRecorder<Int>()
    /// The execution ids terminated.
    public let terminations = CallRecorder<String>()

    /// Creates a mock.
    /// - Parameters:
    ///   - executionID: the id every start returns.
    ///   - statuses: what successive polls report (their `executionId` is replaced by `executionID`).
    ///   - logLines: the run's whole log.
    ///   - startError: thrown by every start (a `TalendAPIError` for example).
    public init(executionID: String = "mock-execution-1", statuses: [TalendExecutionStatus] = [.successful],
                logLines: [TalendLogEntry] = [], startError: (any Error)? = nil) {
        self.executionID = executionID
        state = Mutex(State(statuses: statuses.isEmpty ? [.successful] : statuses, logLines: logLines,
                            startError: startError))
    }

    /// Makes later polls report `statuses` (for example a run that a test decides to finish).
    public func setStatuses(_ statuses: [TalendExecutionStatus]) {
        state.withLock { $0.statuses = statuses.isEmpty ? [.successful] : statuses; $0.polls = 0 }
    }

    public func startExecution(_ request: TalendExecutionRequest, logger: Logger) async throws -> String {
        starts.record(request)
        if let error = state.withLock({ $0.startError }) { throw error }
        return executionID
    }

    public func executionStatus(_ executionID: String, logger: Logger) async throws -> TalendExecutionStatus {
        statusPolls.record(executionID)
        var status = state.withLock { state in
            defer { state.polls += 1 }
            return state.statuses[min(state.polls, state.statuses.count - 1)]
        }
        status.executionId = executionID
        return status
    }

    public func executionLogs(_ executionID: String, startIndex: Int, count: Int, logger: Logger) async throws
        -> TalendLogPage
    {
        logReads.record(startIndex)
        let lines = state.withLock { $0.logLines }
        guard startIndex < lines.count else { return .empty }
        let end = min(lines.count, startIndex + count)
        return TalendLogPage(data: Array(lines[startIndex..<end]), nextIndex: end < lines.count ? end : nil)
    }

    public func terminateExecution(_ executionID: String, logger: Logger) async throws {
        terminations.record(executionID)
        state.withLock { state in
            state.statuses = [.terminated]
            state.polls = 0
        }
    }
}

extension TalendExecutionStatus {
    /// `executing` / `STARTING_FLOW_EXECUTION`.
    public static let executing = TalendExecutionStatus(
        executionId: "", status: "executing", executionStatus: "STARTING_FLOW_EXECUTION")
    /// `execution_successful` / `EXECUTION_SUCCESS`.
    public static let successful = TalendExecutionStatus(
        executionId: "", status: "execution_successful", executionStatus: "EXECUTION_SUCCESS")
    /// `terminated` / `EXECUTION_TERMINATED`.
    public static let terminated = TalendExecutionStatus(
        executionId: "", status: "terminated", executionStatus: "EXECUTION_TERMINATED")

    /// `execution_failed` / `EXECUTION_FAILED` with Talend's `message`.
    public static func failed(_ message: String) -> TalendExecutionStatus {
        TalendExecutionStatus(executionId: "", status: "execution_failed", executionStatus: "EXECUTION_FAILED",
                              errorMessage: message)
    }

    /// `execution_rejected` / `EXECUTION_REJECTED` with `rows` rejected rows.
    public static func rejected(rows: Int) -> TalendExecutionStatus {
        TalendExecutionStatus(executionId: "", status: "execution_rejected", executionStatus: "EXECUTION_REJECTED",
                              numberOfRejectedRows: rows)
    }
}
