import Logging
import Updraft

/// Follows one pod with a watch (not polling), publishing every snapshot to a ``PodProgress``.
///
/// It rides out what clusters do to long streams, as client-go's reflector does:
/// - the server ends the watch (its timeout): watch again from the last resourceVersion;
/// - `410 Expired`/`Gone` (an `ERROR` event or the answer's status: the version was compacted away): list the pod
///   for a fresh resourceVersion and watch from there;
/// - the stream is cut or cannot be opened (reset, `transfer closed with outstanding read data`, a TLS alert,
///   refused connections, 429, 5xx): list afresh and watch again, with ``StreamReconnection``'s backoff, until the
///   outage has lasted `outageLimit` (then the pod is handled as for any failure).
///
/// It fails the progress at once when the pod is stuck (``PodStartupCheck/fastFailure(_:)``), deleted, or the API
/// refuses the call for good (401, 403).
struct PodWatchLoop: Sendable {
    let hook: any KubernetesHook
    let name: String
    let namespace: String
    let check: PodStartupCheck
    let progress: PodProgress
    let clock: any UpdraftClock
    let logger: Logger
    /// How long the watch may stay down before the try fails.
    let outageLimit: Duration

    /// Runs until the base container ended (or the pod did), a failure, or cancellation.
    func run() async {
        do {
            try await follow()
        } catch {
            progress.fail(error)
        }
    }

    private func follow() async throws {
        var resourceVersion = progress.pod.metadata.resourceVersion
        if try publish(progress.pod) { return }
        var reconnection = StreamReconnection(
            clock: clock, outageLimit: outageLimit, podName: name, namespace: namespace)
        var relist = false
        /// A list happened and no event arrived since: a watch failing now is not helped by listing again at once.
        var listedWithoutProgress = false
        while true {
            try Task.checkCancellation()
            do {
                if relist {
                    let (pod, listVersion) = try await list()
                    relist = false
                    listedWithoutProgress = true
                    if try publish(pod) { return }
                    resourceVersion = listVersion ?? pod.metadata.resourceVersion
                }
                let opened = ContinuousClock.now
                var delivered = false
                let events = try await hook.watchPod(name: name, namespace: namespace, resourceVersion: resourceVersion)
                for try await event in events {
                    delivered = true
                    reconnection.progressed()
                    listedWithoutProgress = false
                    resourceVersion = event.pod.metadata.resourceVersion ?? resourceVersion
                    if event.kind == .bookmark { continue }
                    if event.kind == .deleted, !check.hasFinished(event.pod) { throw podDeleted() }
                    if try publish(event.pod) { return }
                }
                // The server closed the watch (its timeout): resume from the last version seen, at once unless it
                // closes watches as soon as they open.
                if !delivered, ContinuousClock.now - opened < .seconds(1) { try await reconnection.endedEmpty() }
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                switch KubernetesFailure(error) {
                case .expired:
                    logger.info("the watch of pod \(namespace)/\(name) expired (\(error)); listing it afresh")
                    // Expired again right after a list: an outage like any other, paced and bounded.
                    if listedWithoutProgress { try await reconnection.failed(error) }
                    relist = true
                case .transient:
                    logger.warning("the watch of pod \(namespace)/\(name) was interrupted (\(error)); reconnecting")
                    try await reconnection.failed(error)
                    relist = true
                case .configuration, .other:
                    throw error
                }
            }
        }
    }

    /// The pod as a fresh list shows it (`resourceVersion` unset: the current state, not a cached one), and the
    /// list's resourceVersion to watch from.
    private func list() async throws -> (Pod, String?) {
        let list = try await hook.listPods(
            namespace: namespace, labelSelector: "", fieldSelector: "metadata.name=\(name)")
        guard let pod = list.items.first(where: { $0.metadata.name == name }) else { throw podDeleted() }
        return (pod, list.metadata?.resourceVersion)
    }

    private func podDeleted() -> KubernetesPodError {
        KubernetesPodError(kind: .podDeleted, podName: name, namespace: namespace,
                           message: "the pod was deleted before its base container ended")
    }

    /// Publishes a snapshot; true when following is over.
    private func publish(_ pod: Pod) throws -> Bool {
        if let failure = check.fastFailure(pod) { throw failure }
        progress.update(pod)
        return check.hasFinished(pod)
    }
}
