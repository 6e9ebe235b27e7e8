public import Logging
import Updraft
public import UpdraftTalend
import Synchronization

/// A scripted `TalendCloudHook` for tests: starts hand out `executionID`, status polls walk through the statuses of
/// the polling task's try (the last repeating), logs serve `logLines`, and every call is recorded in ``calls``.
///
/// ```swift
/// let talend = MockTalendCloudHook(tries: [[.executing, .failed("tDie_1")], [.executing, .successful]])
/// let result = try await dag.test(hooks: ["talend_api": talend])
/// #expect(talend.calls.starts.map(\.executable) == ["5fb2f5126a1cd451b07bee7a", "5fb2f5126a1cd451b07bee7a"])
/// ```
public final class MockTalendCloudHook: TalendCloudHook {
    private struct State {
        /// The statuses of each try (the last list serves later tries).
        var tries: [[TalendExecutionStatus]]
        /// Polls so far, by try.
        var polls: [Int: Int] = [:]
        var logLines: [TalendLogEntry]
        var startError: (any Error)?
        var failures: [Method: [any Error]] = [:]
    }

    /// The id every start returns.
    public let executionID: String
    private let state: Mutex<State>
    /// Every call, in order (`calls.starts`, `calls.statusPolls`, `calls.logReads` and `calls.terminations` are
    /// views of it).
    public let calls = CallRecorder<Call>()

    /// A mock whose every try's polls report `statuses` in order.
    /// - Parameters:
    ///   - executionID: the id every start returns.
    ///   - statuses: what successive polls of one try report (their `executionId` is replaced by `executionID`).
    ///   - logLines: the run's whole log.
    ///   - startError: thrown by every start (a `TalendAPIError` for example).
    public convenience init(executionID: String = "mock-execution-1", statuses: [TalendExecutionStatus] = [.successful],
                            logLines: [TalendLogEntry] = [], startError: (any Error)? = nil) {
        self.init(executionID: executionID, tries: [statuses], logLines: logLines, startError: startError)
    }

    /// A mock scripted per try: the polls of try *n* walk through `tries[n-1]` (the last list serves later tries)
    /// — `[[.failed("tDie_1")], [.successful]]` fails the first try and lets the retry succeed.
    public init(executionID: String = "mock-execution-1", tries: [[TalendExecutionStatus]],
                logLines: [TalendLogEntry] = [], startError: (any Error)? = nil) {
        self.executionID = executionID
        let scripted = tries.map { $0.isEmpty ? [TalendExecutionStatus.successful] : $0 }
        state = Mutex(State(tries: scripted.isEmpty ? [[.successful]] : scripted, logLines: logLines,
                            startError: startError))
    }

    /// Makes later polls of every try report `statuses` (for example a run that a test decides to finish).
    public func setStatuses(_ statuses: [TalendExecutionStatus]) {
        state.withLock { state in
            state.tries = [statuses.isEmpty ? [.successful] : statuses]
            state.polls = [:]
        }
    }

    /// Makes the next call of `method` throw `error` (a `TalendAPIError` with status 503, say); several calls queue
    /// several failures.
    public func failNext(_ method: Method, with error: any Error) {
        state.withLock { $0.failures[method, default: []].append(error) }
    }

    public func startExecution(_ request: TalendExecutionRequest, logger: Logger) async throws -> String {
        try receive(.startExecution(request, tryNumber: Self.tryNumber(logger)))
        if let error = state.withLock({ $0.startError }) { throw error }
        return executionID
    }

    public func executionStatus(_ executionID: String, logger: Logger) async throws -> TalendExecutionStatus {
        try receive(.executionStatus(executionID: executionID))
        let tryNumber = Self.tryNumber(logger)
        var status = state.withLock { state in
            let statuses = state.tries[min(tryNumber, state.tries.count) - 1]
            let poll = state.polls[tryNumber, default: 0]
            state.polls[tryNumber] = poll + 1
            return statuses[min(poll, statuses.count - 1)]
        }
        status.executionId = executionID
        return status
    }

    public func executionLogs(_ executionID: String, startIndex: Int, count: Int, logger: Logger) async throws
        -> TalendLogPage
    {
        try receive(.executionLogs(executionID: executionID, startIndex: startIndex, count: count))
        let lines = state.withLock { $0.logLines }
        guard startIndex < lines.count else { return .empty }
        let end = min(lines.count, startIndex + count)
        return TalendLogPage(data: Array(lines[startIndex..<end]), nextIndex: end < lines.count ? end : nil)
    }

    public func terminateExecution(_ executionID: String, logger: Logger) async throws {
        try receive(.terminateExecution(executionID: executionID))
        setStatuses([.terminated])
    }

    /// Records `call`, then throws the failure queued for its method, if any.
    private func receive(_ call: Call) throws {
        calls.record(call)
        let failure = state.withLock { state -> (any Error)? in
            guard var queue = state.failures[call.method], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.failures[call.method] = queue
            return first
        }
        if let failure { throw failure }
    }

    /// The try of the task calling, from its logger's metadata (1 outside a task).
    private static func tryNumber(_ logger: Logger) -> Int {
        max(1, logger[metadataKey: LoggingKeys.tryNumber].flatMap { Int("\($0)") } ?? 1)
    }
}
