import Foundation
public import UpdraftKubernetes
import Synchronization

/// A recording `KubernetesHook` that plays a scripted pod lifecycle in memory, for unit tests of pod operators.
///
/// Each created pod follows the ``Script`` chosen for its image: its watch delivers the script's states at once
/// and stays open (like a real watch); its log holds the script's lines. Deleting a pod ends its watch with
/// `DELETED` and its log. Every call is recorded in ``calls``.
///
/// ```swift
/// let hook = MockKubernetesHook(scripts: ["repo/job:bad": .imagePullFailure(message: "not found")])
/// let result = try await dag.test(hooks: ["kubernetes_default": hook], clock: ManualClock())
/// #expect(hook.calls.all.contains(.delete(name: hook.createdPods[0], gracePeriodSeconds: nil)))
/// ```
///
/// A pod that never starts (``Script/staysPending``) reaches the operator's startup timeout only when the test
/// advances its `ManualClock`; pass `ManualClock()` (not auto-advancing) and advance it.
public final class MockKubernetesHook: KubernetesHook {
    /// What a pod does.
    public enum Script: Sendable, Hashable {
        /// Prints `logLines`, exits 0.
        case succeed(logLines: [String])
        /// Prints `logLines`, exits with `exitCode` and `terminationMessage`.
        case fail(exitCode: Int, logLines: [String], terminationMessage: String?)
        /// The image cannot be pulled: waiting `reason` (`ErrImagePull`, `ImagePullBackOff`, `InvalidImageName`).
        case imagePullFailure(reason: String = "ErrImagePull", message: String)
        /// `CreateContainerConfigError` with `message`.
        case configError(message: String)
        /// Never scheduled: stays Pending.
        case staysPending
        /// Runs (printing `logLines`) until deleted.
        case runsUntilDeleted(logLines: [String])
    }

    /// One recorded call.
    public enum Call: Sendable, Hashable {
        /// `createPod` of a pod with this name.
        case create(name: String)
        /// `readPod`.
        case read(name: String)
        /// `listPods` with this selector.
        case list(labelSelector: String)
        /// `watchPod` from this resourceVersion.
        case watch(name: String, resourceVersion: String?)
        /// `deletePod`.
        case delete(name: String, gracePeriodSeconds: Int?)
        /// `labelPod`.
        case label(name: String, labels: [String: String])
        /// `podLogs`.
        case logs(name: String, follow: Bool)
        /// `listEvents`.
        case events(name: String)
    }

    private struct Stored {
        var pod: Pod
        var script: Script
        var watchers: [AsyncThrowingStream<PodWatchEvent, any Error>.Continuation] = []
        var logReaders: [AsyncThrowingStream<String, any Error>.Continuation] = []
    }

    private struct State {
        var pods: [String: Stored] = [:]
        var resourceVersion = 100
        var created: [String] = []
        var failures: [String: [KubernetesAPIError]] = [:]
    }

    /// Every call, in order.
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

    /// The names of the pods created so far, in order.
    public var createdPods: [String] { state.withLock { $0.created } }

    /// The pods that exist now, by name.
    public var existingPods: [String: Pod] { state.withLock { $0.pods.mapValues(\.pod) } }

    /// Makes the next call of `method` (`create`, `read`, `list`, `watch`, `delete`, `logs`, `events`) fail with
    /// `error`; several calls queue several failures.
    public func failNext(_ method: String, with error: KubernetesAPIError) {
        state.withLock { $0.failures[method, default: []].append(error) }
    }

    /// Adds a pod as if an earlier worker had created it (for reattach tests); it plays `script` from the start.
    public func addExistingPod(_ pod: Pod, script: Script) {
        state.withLock { state in
            var pod = pod
            state.resourceVersion += 1
            pod.metadata.resourceVersion = String(state.resourceVersion)
            pod.metadata.uid = UUID().uuidString
            let stored = Self.advance(Stored(pod: pod, script: script), state: &state)
            state.pods[pod.metadata.name ?? ""] = stored
        }
    }

    // MARK: KubernetesHook

    public func createPod(_ pod: Pod, namespace: String) async throws -> Pod {
        let name = pod.metadata.name ?? ""
        calls.record(.create(name: name))
        try injectedFailure("create")
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
            state.created.append(name)
            let script = scripts[pod.spec?.containers.first?.image ?? ""] ?? defaultScript
            state.pods[name] = Stored(pod: created, script: script)
            return created
        }
    }

    public func readPod(name: String, namespace: String) async throws -> Pod {
        calls.record(.read(name: name))
        try injectedFailure("read")
        return try state.withLock { state in
            guard let stored = state.pods[name] else { throw Self.notFound(name) }
            return Self.advance(stored, state: &state).pod
        }
    }

    public func listPods(namespace: String, labelSelector: String, fieldSelector: String?) async throws -> PodList {
        calls.record(.list(labelSelector: labelSelector))
        try injectedFailure("list")
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
        calls.record(.watch(name: name, resourceVersion: resourceVersion))
        try injectedFailure("watch")
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
        calls.record(.delete(name: name, gracePeriodSeconds: gracePeriodSeconds))
        try injectedFailure("delete")
        guard let stored = state.withLock({ $0.pods.removeValue(forKey: name) }) else { return nil }
        var last = stored.pod
        if case .runsUntilDeleted = stored.script {
            last.status?.phase = .failed
            last.status?.containerStatuses = [Self.status(stored.pod, .init(terminated: .init(exitCode: 137, reason: "Error")))]
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
        calls.record(.label(name: name, labels: labels))
        try injectedFailure("label")
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
        calls.record(.logs(name: name, follow: options.follow))
        try injectedFailure("logs")
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        try state.withLock { state in
            guard var stored = state.pods[name] else { throw Self.notFound(name) }
            let lines: [String]
            var endless = false
            switch stored.script {
            case .succeed(let logLines), .fail(_, let logLines, _): lines = logLines
            case .runsUntilDeleted(let logLines):
                lines = logLines
                endless = options.follow
            default: lines = []
            }
            for (index, line) in lines.enumerated() {
                let stamp = String(format: "2026-01-01T00:00:%02d.000000000Z", index % 60)
                if let since = options.sinceTime, stamp.prefix(19) < since.prefix(19) { continue }
                continuation.yield(options.timestamps ? "\(stamp) \(line)" : line)
            }
            if endless {
                stored.logReaders.append(continuation)
                state.pods[name] = stored
            } else {
                continuation.finish()
            }
        }
        return stream
    }

    public func listEvents(podName: String, namespace: String) async throws -> [KubernetesEvent] {
        calls.record(.events(name: podName))
        try injectedFailure("events")
        return [
            KubernetesEvent(reason: "Scheduled", message: "Successfully assigned \(namespace)/\(podName) to mock-node", type: "Normal"),
            KubernetesEvent(reason: "Started", message: "Started container base", type: "Normal"),
        ]
    }

    // MARK: Script

    /// Moves a stored pod to the end state of its script (the states in between are not observable in memory).
    private static func advance(_ stored: Stored, state: inout State) -> Stored {
        var stored = stored
        let before = stored.pod
        var pod = stored.pod
        switch stored.script {
        case .succeed:
            pod.status = PodStatus(phase: .succeeded, containerStatuses: [status(pod, .init(terminated: .init(exitCode: 0, reason: "Completed")))])
        case .fail(let exitCode, _, let message):
            pod.status = PodStatus(phase: .failed, containerStatuses: [
                status(pod, .init(terminated: .init(exitCode: exitCode, reason: "Error", message: message))),
            ])
        case .imagePullFailure(let reason, let message):
            pod.status = PodStatus(phase: .pending, containerStatuses: [status(pod, .init(waiting: .init(reason: reason, message: message)))])
        case .configError(let message):
            pod.status = PodStatus(phase: .pending, containerStatuses: [
                status(pod, .init(waiting: .init(reason: "CreateContainerConfigError", message: message))),
            ])
        case .staysPending:
            pod.status = PodStatus(phase: .pending, conditions: [
                PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes are available"),
            ])
        case .runsUntilDeleted:
            pod.status = PodStatus(phase: .running, containerStatuses: [status(pod, .init(running: .init()))])
        }
        pod.metadata.resourceVersion = before.metadata.resourceVersion
        guard pod.status != before.status else { return stored }
        state.resourceVersion += 1
        pod.metadata.resourceVersion = String(state.resourceVersion)
        stored.pod = pod
        return stored
    }

    private static func status(_ pod: Pod, _ state: ContainerState) -> ContainerStatus {
        ContainerStatus(name: pod.spec?.containers.first?.name ?? "base", state: state)
    }

    private static func matches(_ term: String, labels: [String: String]) -> Bool {
        if let range = term.range(of: "!=") {
            return labels[String(term[..<range.lowerBound])] != String(term[range.upperBound...])
        }
        if let range = term.range(of: "=") {
            return labels[String(term[..<range.lowerBound])] == String(term[range.upperBound...])
        }
        if term.hasPrefix("!") { return labels[String(term.dropFirst())] == nil }
        return labels[term] != nil
    }

    private static func notFound(_ name: String) -> KubernetesAPIError {
        KubernetesAPIError(statusCode: 404, reason: "NotFound", message: "pods \"\(name)\" not found", request: "pods/\(name)")
    }

    private func injectedFailure(_ method: String) throws {
        let failure = state.withLock { state -> KubernetesAPIError? in
            guard var queue = state.failures[method], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.failures[method] = queue
            return first
        }
        if let failure { throw failure }
    }
}
