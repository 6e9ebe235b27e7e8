public import Foundation

/// How to find a task try's remote work again — a pod, a Talend execution, an accepted email — recorded by the
/// operator in the run store before (or the moment after) it starts that work.
///
/// A process that dies mid-run leaves its remote work running. When the run resumes, the engine hands the handle of
/// the interrupted try back to the operator (``TaskContext/interruptedWork``), which follows the work it finds
/// instead of starting it a second time. Record a handle with ``TaskContext/recordExternalWork(_:)``; record it
/// again to update it (for example when the work finished, before deleting what would let you find it).
///
/// ```swift
/// let handle = ExternalHandle(kind: "talend-execution", id: executionID, attributes: ["taskId": taskID])
/// try await context.recordExternalWork(handle)
/// ```
public struct ExternalHandle: Sendable, Codable, Hashable {
    /// What kind of work this is, by convention `<system>-<object>`: `kubernetes-pod`, `talend-execution`,
    /// `smtp-message`.
    public var kind: String
    /// The work's identity in its system: a pod name, an execution id, a Message-ID.
    public var id: String
    /// Whatever else finding it takes (namespace, labels, cluster context) and what is known of its progress.
    public var attributes: [String: String]
    /// When the handle was recorded, on the run's clock.
    public var recordedAt: Date

    /// Creates a handle.
    public init(kind: String, id: String, attributes: [String: String] = [:], recordedAt: Date = Date()) {
        self.kind = kind
        self.id = id
        self.attributes = attributes
        self.recordedAt = recordedAt
    }
}
