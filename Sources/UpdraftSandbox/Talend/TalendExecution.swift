import Foundation

/// One simulated run: what was asked for, and the state its status polls have advanced it to.
struct TalendExecution: Sendable {
    let executionID: String
    let request: TalendStartRequest
    let script: TalendJobScript
    /// Runs started through `/processing` report `apiVersion`; legacy `/tmc/v2.x` runs do not.
    let startedThroughProcessingAPI: Bool
    let triggerTime: Date
    private(set) var state: TalendExecutionState = .eventReceived
    private(set) var startTime: Date?
    private(set) var finishTime: Date?
    private var polls = 0
    private var pollsWhileStopping = 0
    private var terminationLogLines: [TalendLogLine] = []

    init(
        executionID: String, request: TalendStartRequest, script: TalendJobScript, startedThroughProcessingAPI: Bool,
        triggerTime: Date
    ) {
        self.executionID = executionID
        self.request = request
        self.script = script
        self.startedThroughProcessingAPI = startedThroughProcessingAPI
        self.triggerTime = triggerTime
    }

    /// A status poll: moves the run one step along its script (time in the simulator is counted in polls).
    mutating func advance(now: Date) {
        guard !state.isTerminal else { return }
        if state == .stopping {
            pollsWhileStopping += 1
            if pollsWhileStopping > 1 {
                state = .terminated
                finishTime = now
            }
            return
        }
        polls += 1
        if polls >= script.pollsUntilFinished, let terminal = script.terminal {
            let neverStarted = if case .deployFailed = terminal { true } else { false }
            if !neverStarted, startTime == nil { startTime = now }
            state = terminal
            finishTime = now
        } else {
            state = TalendExecutionState.inFlight[min(polls, TalendExecutionState.inFlight.count) - 1]
            if state == .starting, startTime == nil { startTime = now }
        }
    }

    /// A `DELETE`: a run in flight starts stopping; a finished run is left as it is.
    mutating func terminate() {
        guard !state.isTerminal, state != .stopping else { return }
        state = .stopping
        if startTime != nil {
            terminationLogLines = [TalendLogLine(severity: "WARN", message: "Job terminated by user")]
        }
    }

    /// The log lines so far, oldest first, or `nil` when the run never started (the log endpoint answers 404).
    var logLines: [TalendLogLine]? {
        startTime == nil ? nil : script.logLines + terminationLogLines
    }

    /// The `JobExecutionStatusV21` body of the status endpoint.
    var statusBody: TalendExecutionStatusBody {
        let finished = state.isTerminal
        var body = TalendExecutionStatusBody(
            executionId: executionID, jobId: request.executable, executionStatus: state.executionStatus,
            status: state.status, triggerTimestamp: Self.timestamp(triggerTime))
        body.startTimestamp = startTime.map(Self.timestamp)
        body.finishTimestamp = finishTime.map(Self.timestamp)
        body.apiVersion = startedThroughProcessingAPI ? "2021-03" : nil
        body.timeout = request.timeout
        if finished, state != .terminated {
            body.numberOfProcessedRows = script.processedRows
            body.numberOfRejectedRows = script.rejectedRows
        }
        switch state {
        case .failed(let message):
            body.errorType = "EXECUTION_FAILED"
            body.errorMessage = message
        case .deployFailed(let reason, let message):
            body.misfiredExecutionReason = reason
            body.errorMessage = message
        case .timedOut:
            body.errorMessage = "Execution exceeded its timeout"
        default:
            break
        }
        return body
    }

    /// RFC 3339 UTC with milliseconds, as Talend writes timestamps: `2022-10-20T14:20:28.582Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
