/// Where a simulated run is in the lifecycle of talend-api.md §9, with the exact Talend status names.
enum TalendExecutionState: Sendable, Equatable {
    case eventReceived
    case dispatching
    case starting
    case stopping
    case succeeded
    case failed(message: String)
    case rejected
    case deployFailed(reason: String, message: String)
    case timedOut
    case terminated

    /// The detailed `executionStatus` value.
    var executionStatus: String {
        switch self {
        case .eventReceived: "EXECUTION_EVENT_RECEIVED"
        case .dispatching: "DISPATCHING_FLOW"
        case .starting: "STARTING_FLOW_EXECUTION"
        case .stopping: "STOPPING_FLOW_EXECUTION"
        case .succeeded: "EXECUTION_SUCCESS"
        case .failed: "EXECUTION_FAILED"
        case .rejected: "EXECUTION_REJECTED"
        case .deployFailed: "DEPLOY_FAILED"
        case .timedOut: "EXECUTION_TERMINATED_TIMEOUT"
        case .terminated: "EXECUTION_TERMINATED"
        }
    }

    /// The coarse `status` value (`STOPPING_FLOW_EXECUTION` is unmapped in Talend's table; it is still executing).
    var status: String {
        switch self {
        case .eventReceived, .dispatching: "dispatching"
        case .starting, .stopping: "executing"
        case .succeeded: "execution_successful"
        case .failed: "execution_failed"
        case .rejected: "execution_rejected"
        case .deployFailed: "deploy_failed"
        case .timedOut: "terminated_timeout"
        case .terminated: "terminated"
        }
    }

    var isTerminal: Bool {
        switch self {
        case .eventReceived, .dispatching, .starting, .stopping: false
        default: true
        }
    }

    /// The in-flight states the polls before the terminal one report, in order; the last one repeats.
    static let inFlight: [TalendExecutionState] = [.eventReceived, .dispatching, .starting]
}
