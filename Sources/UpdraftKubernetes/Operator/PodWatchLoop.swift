import Updraft

/// Follows one pod with a watch (not polling), publishing every snapshot to a ``PodProgress``: re-opens the watch
/// from the last resourceVersion when the server closes it, re-reads the pod after `410 Expired`, and fails the
/// progress at once when the pod is stuck (``PodStartupCheck/fastFailure(_:)``) or deleted.
struct PodWatchLoop: Sendable {
    let hook: any KubernetesHook
    let name: String
    let namespace: String
    let check: PodStartupCheck
    let progress: PodProgress

    /// Runs until the base container ended (or the pod did), a failure, or cancellation.
    func run() async {
        do {
            try await follow()
        } catch {
            progress.fail(error)
        }
    }

    private func follow() async throws {
        var pod = progress.pod
        if try publish(pod) { return }
        var consecutiveFailures = 0
        while true {
            try Task.checkCancellation()
            do {
                let events = try await hook.watchPod(
                    name: name, namespace: namespace, resourceVersion: pod.metadata.resourceVersion)
                for try await event in events {
                    consecutiveFailures = 0
                    if event.kind == .bookmark {
                        pod.metadata.resourceVersion = event.pod.metadata.resourceVersion
                        continue
                    }
                    pod = event.pod
                    if event.kind == .deleted, !check.hasFinished(pod) {
                        throw KubernetesPodError(kind: .podDeleted, podName: name, namespace: namespace,
                                                 message: "the pod was deleted before its base container ended")
                    }
                    if try publish(pod) { return }
                }
            } catch let error as KubernetesAPIError where error.statusCode == 410 || error.isRetryable {
                // Too old a resourceVersion, or a transient server error: start again from the pod's current state.
                consecutiveFailures += 1
                guard consecutiveFailures <= 3 else { throw error }
                pod = try await hook.readPod(name: name, namespace: namespace)
                if try publish(pod) { return }
            }
        }
    }

    /// Publishes a snapshot; true when following is over.
    private func publish(_ pod: Pod) throws -> Bool {
        if let failure = check.fastFailure(pod) { throw failure }
        progress.update(pod)
        return check.hasFinished(pod)
    }
}
