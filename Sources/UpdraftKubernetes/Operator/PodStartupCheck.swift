/// Reads a pod snapshot the way the operator needs: has it started, has its base container ended, is it stuck in a
/// state that will never resolve (fail fast instead of waiting out the startup timeout, issue §7 #5).
struct PodStartupCheck: Sendable {
    /// Registry messages that mean "try again later", not "this image does not exist" (Airflow's list).
    static let transientPullMessages = [
        "pull qps exceeded", "rate limit", "too many requests", "quota exceeded", "temporarily unavailable",
        "timeout", "account limit", "bad gateway", "service unavailable", "gateway timeout",
    ]

    let baseContainer: String

    /// The base container left `waiting` (running or ended), or the pod left Pending.
    func hasStarted(_ pod: Pod) -> Bool {
        if let state = pod.containerStatus(named: baseContainer)?.state, state.running != nil || state.terminated != nil {
            return true
        }
        return pod.phase != .pending && pod.phase != .unknown
    }

    /// The base container ended, or the whole pod did.
    func hasFinished(_ pod: Pod) -> Bool {
        pod.containerStatus(named: baseContainer)?.state?.terminated != nil || pod.phase.isTerminal
    }

    /// The error to fail with at once, if the pod is in a state that will not resolve by waiting.
    func fastFailure(_ pod: Pod) -> KubernetesPodError? {
        let name = pod.metadata.name ?? ""
        let namespace = pod.metadata.namespace ?? ""
        let statuses = (pod.status?.initContainerStatuses ?? []) + (pod.status?.containerStatuses ?? [])
        for status in statuses {
            guard let waiting = status.state?.waiting, let reason = waiting.reason else { continue }
            let detail = "container \(status.name): \(reason)" + (waiting.message.map { "\n\($0)" } ?? "")
            switch reason {
            case "InvalidImageName", "ErrImageNeverPull":
                return KubernetesPodError(kind: .imagePull, podName: name, namespace: namespace,
                                          message: "image cannot be pulled, unable to start: \(detail)")
            case "ErrImagePull", "ImagePullBackOff":
                let message = (waiting.message ?? "").lowercased()
                if Self.transientPullMessages.contains(where: message.contains) { continue }
                return KubernetesPodError(kind: .imagePull, podName: name, namespace: namespace,
                                          message: "image cannot be pulled, unable to start: \(detail)")
            case "CreateContainerConfigError", "CreateContainerError":
                return KubernetesPodError(kind: .containerConfig, podName: name, namespace: namespace,
                                          message: "container cannot be created: \(detail)")
            default:
                continue
            }
        }
        if pod.phase == .failed, pod.status?.containerStatuses == nil {
            let reason = [pod.status?.reason, pod.status?.message].compactMap { $0 }.joined(separator: ": ")
            return KubernetesPodError(kind: .launchFailed, podName: name, namespace: namespace,
                                      message: "pod failed before its containers started" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        return nil
    }
}
