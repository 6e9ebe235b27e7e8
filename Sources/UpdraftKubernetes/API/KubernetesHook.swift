public import Updraft

/// The Kubernetes API calls a pod operator needs (Airflow's `KubernetesHook` / `PodManager` subset).
///
/// Operators get one from their context by connection id, so tests substitute `MockKubernetesHook` (UpdraftTesting)
/// for the live ``CurlKubernetesHook``. Every call fails with ``KubernetesAPIError`` for an error status (after
/// retries of 429 and 5xx) and honours task cancellation.
public protocol KubernetesHook: Hook {
    /// The namespace of the hook's configuration (kubeconfig context, connection, service account), if any.
    var defaultNamespace: String? { get }

    /// Creates a pod (`POST …/pods`) and returns it as stored (with uid and resourceVersion).
    func createPod(_ pod: Pod, namespace: String) async throws -> Pod

    /// Reads a pod (`GET …/pods/{name}`).
    func readPod(name: String, namespace: String) async throws -> Pod

    /// Lists the pods matching a label selector and, when given, a field selector
    /// (`GET …/pods?labelSelector=…&fieldSelector=…`). The list's `metadata.resourceVersion` is where a watch can
    /// start after `410 Expired`.
    func listPods(namespace: String, labelSelector: String, fieldSelector: String?) async throws -> PodList

    /// Watches one pod (`GET …/pods?watch=true&fieldSelector=metadata.name=…`) from `resourceVersion`: the
    /// sequence yields its changes as they happen and ends when the server closes the watch; an `ERROR` event
    /// (for example 410 Expired) is thrown as ``KubernetesAPIError``, a stream cut mid-response as
    /// ``KubernetesStreamError``.
    func watchPod(name: String, namespace: String, resourceVersion: String?) async throws
        -> AsyncThrowingStream<PodWatchEvent, any Error>

    /// Deletes a pod (`DELETE …/pods/{name}`).
    /// - Parameters:
    ///   - name: The pod's name.
    ///   - namespace: The pod's namespace.
    ///   - gracePeriodSeconds: Seconds the containers get to stop; `nil` for the pod's own setting.
    /// - Returns: The pod as the API answered (still terminating when it has a `deletionTimestamp` and a grace
    ///   period), or `nil` when it did not exist (404).
    @discardableResult
    func deletePod(name: String, namespace: String, gracePeriodSeconds: Int?) async throws -> Pod?

    /// Merges `labels` into a pod's labels (`PATCH …/pods/{name}`, merge patch) and returns the pod.
    @discardableResult
    func labelPod(name: String, namespace: String, labels: [String: String]) async throws -> Pod

    /// Streams a container's log (`GET …/pods/{name}/log`) line by line, without the line ends. With
    /// `options.follow` the sequence lasts while the container runs. A pod not yet on a node gives no lines. A
    /// stream cut mid-response throws ``KubernetesStreamError`` (the unfinished line is not delivered).
    func podLogs(name: String, namespace: String, options: PodLogOptions) async throws
        -> AsyncThrowingStream<String, any Error>

    /// The events about a pod (`GET …/events?fieldSelector=involvedObject.name=…`), oldest first.
    func listEvents(podName: String, namespace: String) async throws -> [KubernetesEvent]
}

extension KubernetesHook {
    /// Lists the pods matching a label selector (`GET …/pods?labelSelector=…`).
    public func listPods(namespace: String, labelSelector: String) async throws -> PodList {
        try await listPods(namespace: namespace, labelSelector: labelSelector, fieldSelector: nil)
    }
}
