import Foundation
import Updraft

/// How a ``KubernetesPodOperator`` try records its pod in the run store (``TaskContext/recordExternalWork(_:)``):
/// its name and namespace before the pod is created, where its log was read up to as lines arrive, and its outcome
/// before the pod is deleted. A try resumed after its process died (``TaskContext/interruptedWork``) follows that
/// pod from the recorded log position instead of creating another, or takes the recorded outcome when the pod is
/// already gone.
struct PodHandle: Sendable, Equatable {
    /// The handle kind, `kubernetes-pod`.
    static let kind = "kubernetes-pod"

    enum Outcome: String, Sendable {
        case succeeded, failed
    }

    var name: String
    var namespace: String
    /// The pod's identity labels as a selector (dag, task, run), to tell it from a pod that reused its name.
    var labelSelector: String
    var logCursor = PodLogCursor()
    var outcome: Outcome?

    init(name: String, namespace: String, labelSelector: String) {
        self.name = name
        self.namespace = namespace
        self.labelSelector = labelSelector
    }

    /// The pod handle `handle` holds, if it is one.
    init?(_ handle: ExternalHandle) {
        guard handle.kind == Self.kind, let namespace = handle.attributes["namespace"] else { return nil }
        self.init(name: handle.id, namespace: namespace, labelSelector: handle.attributes["labels"] ?? "")
        logCursor = PodLogCursor(lastTimestamp: handle.attributes["logTimestamp"],
                                 linesAtLastTimestamp: Int(handle.attributes["logLinesAtTimestamp"] ?? "") ?? 0)
        outcome = handle.attributes["outcome"].flatMap(Outcome.init(rawValue:))
    }

    /// The handle to record, at `date`.
    func handle(at date: Date) -> ExternalHandle {
        var attributes = ["namespace": namespace, "labels": labelSelector]
        if let timestamp = logCursor.lastTimestamp {
            attributes["logTimestamp"] = timestamp
            attributes["logLinesAtTimestamp"] = String(logCursor.linesAtLastTimestamp)
        }
        if let outcome { attributes["outcome"] = outcome.rawValue }
        return ExternalHandle(kind: Self.kind, id: name, attributes: attributes, recordedAt: date)
    }
}
