import Synchronization
import Updraft
import UpdraftKubernetes

/// Delegates to a live hook and notes when its watch first reports the base container ended.
final class TimingHook: KubernetesHook {
    let base: any KubernetesHook
    private let ended = Mutex<ContinuousClock.Instant?>(nil)

    init(base: any KubernetesHook) { self.base = base }

    /// When the watch delivered the first event with the base container terminated.
    var containerEnded: ContinuousClock.Instant? { ended.withLock { $0 } }

    var defaultNamespace: String? { base.defaultNamespace }

    func createPod(_ pod: Pod, namespace: String) async throws -> Pod { try await base.createPod(pod, namespace: namespace) }

    func readPod(name: String, namespace: String) async throws -> Pod { try await base.readPod(name: name, namespace: namespace) }

    func listPods(namespace: String, labelSelector: String, fieldSelector: String?) async throws -> PodList {
        try await base.listPods(namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
    }

    func watchPod(name: String, namespace: String, resourceVersion: String?) async throws
        -> AsyncThrowingStream<PodWatchEvent, any Error>
    {
        let events = try await base.watchPod(name: name, namespace: namespace, resourceVersion: resourceVersion)
        return AsyncThrowingStream { continuation in
            let relay = Task {
                do {
                    for try await event in events {
                        if event.pod.containerStatus(named: "base")?.state?.terminated != nil {
                            ended.withLock { $0 = $0 ?? ContinuousClock.now }
                        }
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in relay.cancel() }
        }
    }

    func deletePod(name: String, namespace: String, gracePeriodSeconds: Int?) async throws -> Pod? {
        try await base.deletePod(name: name, namespace: namespace, gracePeriodSeconds: gracePeriodSeconds)
    }

    func labelPod(name: String, namespace: String, labels: [String: String]) async throws -> Pod {
        try await base.labelPod(name: name, namespace: namespace, labels: labels)
    }

    func podLogs(name: String, namespace: String, options: PodLogOptions) async throws
        -> AsyncThrowingStream<String, any Error>
    {
        try await base.podLogs(name: name, namespace: namespace, options: options)
    }

    func listEvents(podName: String, namespace: String) async throws -> [KubernetesEvent] {
        try await base.listEvents(podName: podName, namespace: namespace)
    }
}
