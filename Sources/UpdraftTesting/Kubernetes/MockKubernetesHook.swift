import Foundation
public import UpdraftKubernetes
import Synchronization

/// A recording `KubernetesHook` that plays a scripted pod lifecycle in memory, for unit tests of pod operators.
///
/// Each created pod follows the ``Script`` chosen for its image (``Script/tries(_:)`` picks one per try): its watch
/// delivers the script's states at once and stays open (like a real watch); its log holds the script's lines.
/// Deleting a pod ends its watch with `DELETED` and its log. Every call is recorded in ``calls`` with everything the
/// live hook would send — the complete pod created, each deletion's grace period, log and watch options — in order.
///
/// ```swift
/// let hook = MockKubernetesHook(scripts: ["repo/job:1": .tries([.fail(exitCode: 3), .succeed()])])
/// let result = try await dag.test(hooks: ["kubernetes_default": hook])
/// let pod = try #require(hook.calls.createdPods.first)
/// #expect(pod.spec?.containers.first?.image == "repo/job:1")
/// #expect(hook.calls.methods.last == .deletePod)
/// ```
///
/// A pod that never starts (``Script/staysPending``) reaches the operator's startup timeout only when the test
/// advances its `ManualClock`; pass `ManualClock()` (not auto-advancing) and advance it.
public final class MockKubernetesHook: KubernetesHook {
    private struct Stored {
        var pod: Pod
        var script: Script
        var watchers: [AsyncThrowingStream<PodWatchEvent, any Error>.Continuation] = []
        var logReaders: [AsyncThrowingStream<String, any Error>.Continuation] = []
    }

    private struct State {
        var pods: [String: Stored] = [:]
        var resourceVersion = 100
        var failures: [Method: [KubernetesAPIError]] = [:]
    }

    /// Every call, in order (`calls.createdPods`, `calls.deletions` and `calls.methods` are views of it).
    public let calls = CallRecorder<Call>()
    public let defaultNamespace: String?
    private let scripts: [String: Script]
    private let defaultScript: Script
    private let state = Mutex(State())

    /// Creates a mock.
    /// - Parameters:
    ///   - scripts: Scripts by image reference; others use `defaultScript`.
    ///   - defaultScript: The script of images not in `scripts`.
    ///   - defaultNamespace: What ``defaultNamespace`` reports.
    public init(scripts: [String: Script] = [:], defaultScript: Script = .succeed(logLines: ["done"]),
                defaultNamespace: String? = "default") {
        self.scripts = scripts
        self.defaultScript = defaultScript
        self.defaultNamespace = defaultNamespace
    }

    /// The pods that exist now, by name.
    public var existingPods: [String: Pod] { state.withLock { $0.pods.mapValues(\.pod) } }

    /// Makes the next call of `method` fail with `error`; several calls queue several failures.
    public func failNext(_ method: Method, with error: KubernetesAPIError) {
        state.withLock { $0.failures[method, default: []].append(error) }
    }

    /// Adds a pod as if an earlier worker had created it (for reattach tests); it plays `script` from the start.
    public func addExistingPod(_ pod: Pod, script: Script) {
        state.withLock { state in
            var pod = pod
            state.resourceVersion += 1
            pod.metadata.resourceVersion = String(state.resourceVersion)
            pod.metadata.uid = UUID().uuidString
            let stored = Self.advance(Stored(pod: pod, script: script.resolved(for: pod)), state: &state)
            state.pods[pod.metadata.name ?? ""] = stored
        }
    }

    // MARK: KubernetesHook

    public func createPod(_ pod: Pod, namespace: String) async throws -> Pod {
        let name = pod.metadata.name ?? ""
        try receive(.createPod(pod, namespace: namespace))
        return try state.withLock { state in
            guard state.pods[name] == nil else {
                throw KubernetesAPIError(statusCode: 409, reason: "AlreadyExists", message: "pods \"\(name)\" already exists",
                                         request: "POST pods")
            }
            var created = pod
            created.metadata.namespace = namespace
            created.metadata.uid = UUID().uuidString
            state.resourceVersion += 1
            created.metadata.resourceVersion = String(state.resourceVersion)
            created.status = PodStatus(phase: .pending)
            let script = scripts[pod.spec?.containers.first?.image ?? ""] ?? defaultScript
            state.pods[name] = Stored(pod: created, script: script.resolved(for: created))
            return created
        }
    }

    public func readPod(name: String, namespace: String) async throws -> Pod {
        try receive(.readPod(name: name, namespace: namespace))
        return try state.withLock { state in
            guard let stored = state.pods[name] else { throw Self.notFound(name) }
            return Self.advance(stored, state: &state).pod
        }
    }

    public func listPods(namespace: String, labelSelector: String, fieldSelector: String?) async throws -> PodList {
        try receive(.listPods(namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector))
        let terms = labelSelector.split(separator: ",").map(String.init)
        let name = fieldSelector.flatMap { $0.hasPrefix("metadata.name=") ? String($0.dropFirst(14)) : nil }
        return state.withLock { state in
            let items = state.pods.values.map(\.pod).filter { pod in
                terms.allSatisfy { Self.matches($0, labels: pod.metadata.labels ?? [:]) }
                    && (name == nil || pod.metadata.name == name)
            }
            return PodList(items: items.sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") },
                           resourceVersion: String(state.resourceVersion))
        }
    }

    public func watchPod(name: String, namespace: String, resourceVersion: String?) async throws
        -> AsyncThrowingStream<PodWatchEvent, any Error>
    {
        try receive(.watchPod(name: name, namespace: namespace, resourceVersion: resourceVersion))
        let (stream, continuation) = AsyncThrowingStream<PodWatchEvent, any Error>.makeStream()
        try state.withLock { state in
            guard var stored = state.pods[name] else { throw Self.notFound(name) }
            let after = Int(resourceVersion ?? "") ?? 0
            stored = Self.advance(stored, state: &state)
            if Int(stored.pod.metadata.resourceVersion ?? "") ?? 0 > after {
                continuation.yield(PodWatchEvent(kind: .modified, pod: stored.pod))
            }
            stored.watchers.append(continuation)
            state.pods[name] = stored
        }
        return stream
    }

    @discardableResult
    public func deletePod(name: String, namespace: String, gracePeriodSeconds: Int?) async throws -> Pod? {
        try receive(.deletePod(name: name, namespace: namespace, gracePeriodSeconds: gracePeriodSeconds))
        guard let stored = state.withLock({ $0.pods.removeValue(forKey: name) }) else { return nil }
        var last = stored.pod
        if case .runsUntilDeleted = stored.script {
            last.status?.phase = .failed
            last.status?.containerStatuses = [ContainerStatus(
                name: Self.containerName(stored.pod), state: .init(terminated: .init(exitCode: 137, reason: "Error")))]
        }
        for watcher in stored.watchers {
            watcher.yield(PodWatchEvent(kind: .deleted, pod: last))
            watcher.finish()
        }
        for reader in stored.logReaders { reader.finish() }
        return last
    }

    @discardableResult
    public func labelPod(name: String, namespace: String, labels: [String: String]) async throws -> Pod {
        try receive(.labelPod(name: name, namespace: namespace, labels: labels))
        return try state.withLock { state in
            guard var stored = state.pods[name] else { throw Self.notFound(name) }
            stored.pod.metadata.labels = (stored.pod.metadata.labels ?? [:]).merging(labels) { $1 }
            state.pods[name] = stored
            return stored.pod
        }
    }

    public func podLogs(name: String, namespace: String, options: PodLogOptions) async throws
        -> AsyncThrowingStream<String, any Error>
    {
        try receive(.podLogs(name: name, namespace: namespace, options: options))
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        try state.withLock { state in
            guard var stored = state.pods[name] else { throw Self.notFound(name) }
            for (index, line) in stored.script.logLines.enumerated() {
                let stamp = String(format: "2026-01-01T00:00:%02d.000000000Z", index % 60)
                if let since = options.sinceTime, stamp.prefix(19) < since.prefix(19) { continue }
                continuation.yield(options.timestamps ? "\(stamp) \(line)" : line)
            }
            if case .runsUntilDeleted = stored.script, options.follow {
                stored.logReaders.append(continuation)
                state.pods[name] = stored
            } else {
                continuation.finish()
            }
        }
        return stream
    }

    public func listEvents(podName: String, namespace: String) async throws -> [KubernetesEvent] {
        try receive(.listEvents(podName: podName, namespace: namespace))
        return [
            KubernetesEvent(reason: "Scheduled", message: "Successfully assigned \(namespace)/\(podName) to mock-node", type: "Normal"),
            KubernetesEvent(reason: "Started", message: "Started container base", type: "Normal"),
        ]
    }

    // MARK: Support

    /// Records `call`, then throws the failure queued for its method, if any.
    private func receive(_ call: Call) throws {
        calls.record(call)
        let failure = state.withLock { state -> KubernetesAPIError? in
            guard var queue = state.failures[call.method], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.failures[call.method] = queue
            return first
        }
        if let failure { throw failure }
    }

    /// Moves a stored pod to the end state of its script (the states in between are not observable in memory).
    private static func advance(_ stored: Stored, state: inout State) -> Stored {
        var stored = stored
        var pod = stored.pod
        pod.status = stored.script.status(containerName: containerName(pod))
        guard pod.status != stored.pod.status else { return stored }
        state.resourceVersion += 1
        pod.metadata.resourceVersion = String(state.resourceVersion)
        stored.pod = pod
        return stored
    }

    private static func containerName(_ pod: Pod) -> String { pod.spec?.containers.first?.name ?? "base" }
}
