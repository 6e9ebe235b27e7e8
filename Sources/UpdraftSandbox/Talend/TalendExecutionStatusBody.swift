/// The fields of Talend's `JobExecutionStatusV21` the simulator reports (absent optionals are omitted).
struct TalendExecutionStatusBody: Sendable, Encodable {
    var executionId: String
    var jobId: String
    var jobVersion = "0.1.0"
    var environmentVersion = "1.3"
    var accountId = "sandbox-account"
    var workspaceId = "sandbox-workspace"
    var executionStatus: String
    var status: String
    var triggerTimestamp: String
    var startTimestamp: String?
    var finishTimestamp: String?
    var userId = "sandbox-user"
    var userType = "HUMAN"
    var executionType = "MANUAL"
    var executionDestination = "CLOUD"
    var apiVersion: String?
    var timeout: Int?
    var numberOfProcessedRows: Int?
    var numberOfRejectedRows: Int?
    var errorType: String?
    var errorMessage: String?
    var misfiredExecutionReason: String?
}
