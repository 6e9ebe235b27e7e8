public import UpdraftTalend

extension MockTalendCloudHook {
    /// The methods of `TalendCloudHook`, to name one in ``MockTalendCloudHook/failNext(_:with:)``.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case startExecution, executionStatus, executionLogs, terminateExecution
    }

    /// One call a ``MockTalendCloudHook`` received.
    public enum Call: Sendable, Hashable {
        /// `startExecution`: the whole request body (executable, parameters, log level, timeout) and the try of
        /// the task that sent it.
        case startExecution(TalendExecutionRequest, tryNumber: Int)
        /// `executionStatus` of an execution.
        case executionStatus(executionID: String)
        /// `executionLogs` of an execution from `startIndex`.
        case executionLogs(executionID: String, startIndex: Int, count: Int)
        /// `terminateExecution` of an execution.
        case terminateExecution(executionID: String)

        /// The method called.
        public var method: Method {
            switch self {
            case .startExecution: .startExecution
            case .executionStatus: .executionStatus
            case .executionLogs: .executionLogs
            case .terminateExecution: .terminateExecution
            }
        }
    }
}

extension CallRecorder where Call == MockTalendCloudHook.Call {
    /// The start requests, in order.
    public var starts: [TalendExecutionRequest] {
        all.compactMap { if case .startExecution(let request, _) = $0 { request } else { nil } }
    }

    /// The execution ids whose status was read, one entry per poll.
    public var statusPolls: [String] {
        all.compactMap { if case .executionStatus(let id) = $0 { id } else { nil } }
    }

    /// The `startIndex` of every log read.
    public var logReads: [Int] {
        all.compactMap { if case .executionLogs(_, let startIndex, _) = $0 { startIndex } else { nil } }
    }

    /// The execution ids terminated.
    public var terminations: [String] {
        all.compactMap { if case .terminateExecution(let id) = $0 { id } else { nil } }
    }
}
