public import UpdraftTalend

/// The statuses a test scripts a ``MockTalendCloudHook`` with.
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
