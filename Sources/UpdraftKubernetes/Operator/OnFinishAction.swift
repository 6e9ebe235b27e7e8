/// What the pod operator does with its pod once the task has its result (Airflow's `on_finish_action`).
public enum OnFinishAction: String, Sendable, Hashable, Codable {
    /// Always delete the pod (the default).
    case deletePod = "delete_pod"
    /// Delete the pod only when it succeeded; keep failed pods for inspection.
    case deleteSucceededPod = "delete_succeeded_pod"
    /// Never delete the pod (it is labelled `already_checked=True` so it is never reattached).
    case keepPod = "keep_pod"

    /// Whether a pod that ended with `succeeded` is deleted.
    func deletes(succeeded: Bool) -> Bool {
        switch self {
        case .deletePod: true
        case .deleteSucceededPod: succeeded
        case .keepPod: false
        }
    }
}
