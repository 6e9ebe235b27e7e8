import Foundation
import Updraft

/// How a ``TalendJobOperator`` try records its Talend execution in the run store
/// (``TaskContext/recordExternalWork(_:)``): the moment the start request answers, before waiting, with the state
/// `running`, and again as `settled` once it was seen to end (or Talend no longer knows it). A try resumed after its
/// process died follows the recorded execution instead of starting another; a later try first settles any execution
/// an earlier try left `running`, so executions are never doubled.
enum TalendExecutionHandle {
    /// The handle kind, `talend-execution`.
    static let kind = "talend-execution"

    /// The handle of `executionID` of `executable`, still running or `settled`.
    static func handle(_ executionID: String, executable: String, settled: Bool, at date: Date) -> ExternalHandle {
        ExternalHandle(kind: kind, id: executionID,
                       attributes: ["executable": executable, "state": settled ? "settled" : "running"],
                       recordedAt: date)
    }

    /// The execution `handle` names, if it is a Talend execution.
    static func executionID(_ handle: ExternalHandle?) -> String? {
        guard let handle, handle.kind == kind else { return nil }
        return handle.id
    }

    /// The execution an earlier try of this task left running, if any (the newest).
    static func unsettledEarlier(_ context: TaskContext) async throws -> String? {
        let recorded = try await context.recordedExternalWork()
        return recorded.filter { $0.key < context.tryNumber && $0.value.kind == kind }
            .max { $0.key < $1.key }
            .flatMap { $0.value.attributes["state"] == "running" ? $0.value.id : nil }
    }
}
