import Foundation
import Synchronization

/// The simulated API server's storage: pods, events, one global resourceVersion counter, the change history
/// watches resume from, and the open watch and log streams that every write feeds (no polling anywhere).
final class KubernetesStore: Sendable {
    /// The resource kinds the store holds.
    enum Resource: String, Sendable {
        case pods, events

        var kind: String { self == .pods ? "Pod" : "Event" }
    }

    /// One write, as watches see it.
    struct Change: Sendable {
        var resourceVersion: Int
        var type: String
        var resource: Resource
        var namespace: String
        /// The object before a MODIFIED (to turn selector exits into DELETED and entries into ADDED).
        var previous: SandboxJSON?
        var object: SandboxJSON
    }

    /// A stored pod: the API object plus the simulated kubelet's state.
    struct StoredPod: Sendable {
        var object: SandboxJSON
        var runtime: KubernetesPodRuntime
    }

    /// An open watch stream.
    struct Watcher: Sendable {
        var resource: Resource
        var namespace: String?
        var labels: KubernetesLabelSelector
        var fields: KubernetesFieldSelector
        var sendsBookmarks: Bool
        /// Objects go out as one-row `Table`s (kubectl's `get -w`).
        var rendersTable: Bool
        var continuation: AsyncStream<[UInt8]>.Continuation
        /// Ends the response abnormally when a test cuts the stream.
        var cut: SandboxStreamCut
    }

    /// An open `follow=true` log stream.
    struct LogFollower: Sendable {
        var uid: String
        var container: Int
        var timestamps: Bool
        var remainingBytes: Int?
        var continuation: AsyncStream<[UInt8]>.Continuation
        /// Ends the response abnormally when a test cuts the stream.
        var cut: SandboxStreamCut
    }

    struct State: Sendable {
        var resourceVersion = 1
        var pods: [String: StoredPod] = [:]
        var events: [String: SandboxJSON] = [:]
        /// Event key by (pod uid, reason, message, fieldPath), so a repeated event bumps `count`.
        var eventKeys: [String: String] = [:]
        var history: [Change] = []
        /// Every change up to this resourceVersion has been dropped from ``history``.
        var compactedThrough = 0
        var watchers: [UInt64: Watcher] = [:]
        var followers: [UInt64: LogFollower] = [:]
        var nextStreamID: UInt64 = 0
        /// Every container that ended, in order.
        var terminations: [KubernetesContainerTermination] = []
    }

    let state = Mutex(State())
    let historyCapacity: Int
    let clock: any KubernetesSimulatorClock

    init(historyCapacity: Int, clock: any KubernetesSimulatorClock) {
        self.historyCapacity = max(1, historyCapacity)
        self.clock = clock
    }

    static func key(_ namespace: String, _ name: String) -> String { namespace + "/" + name }

    /// The stored pod object.
    func pod(namespace: String, name: String) -> SandboxJSON? {
        state.withLock { $0.pods[Self.key(namespace, name)]?.object }
    }

    /// The current resourceVersion.
    var resourceVersion: Int { state.withLock { $0.resourceVersion } }

    /// Every container that ended so far.
    var terminations: [KubernetesContainerTermination] { state.withLock { $0.terminations } }

    /// Objects of `resource` in `namespace` (all namespaces when `nil`) matching the selectors, oldest first.
    func list(
        _ resource: Resource, namespace: String?, labels: KubernetesLabelSelector, fields: KubernetesFieldSelector
    ) -> (items: [SandboxJSON], resourceVersion: Int) {
        state.withLock { state in
            let objects = resource == .pods ? state.pods.values.map(\.object) : Array(state.events.values)
            let items = objects.filter { object in
                (namespace == nil || object["metadata"]?["namespace"]?.string == namespace)
                    && labels.matches(object["metadata"]?["labels"]?.stringMap ?? [:]) && fields.matches(object)
            }
            return (items.sorted { Self.version(of: $0) < Self.version(of: $1) }, state.resourceVersion)
        }
    }

    /// Stores a new pod (already validated and defaulted); 409 if the name is taken.
    func insertPod(_ object: SandboxJSON, runtime: KubernetesPodRuntime) throws(KubernetesAPIError) -> SandboxJSON
    {
        let key = Self.key(runtime.namespace, runtime.name)
        return try state.withLock { state throws(KubernetesAPIError) in
            guard state.pods[key] == nil else { throw .alreadyExists("pods", runtime.name) }
            var object = object
            object["status"] = runtime.renderStatus()
            object = Self.record(
                &state, type: "ADDED", resource: .pods, previous: nil, object: object, capacity: historyCapacity,
                now: clock.now())
            state.pods[key] = StoredPod(object: object, runtime: runtime)
            return object
        }
    }

    /// Applies `change` to the pod `uid` (if it still exists), then publishes the new state, its events and printed
    /// lines. Returns the outcome, or `nil` when the pod is gone or `change` declined.
    func updatePod(
        namespace: String, name: String, uid: String,
        _ change: (inout StoredPod) -> KubernetesStepOutcome?
    ) -> KubernetesStepOutcome? {
        let key = Self.key(namespace, name)
        let (outcome, finished) = state.withLock {
            state -> (KubernetesStepOutcome?, [AsyncStream<[UInt8]>.Continuation]) in
            guard var pod = state.pods[key], pod.runtime.uid == uid else { return (nil, []) }
            let previous = pod.object
            let wasTerminated = pod.runtime.containers.map(\.isTerminated)
            guard let outcome = change(&pod) else { return (nil, []) }
            for (container, line) in outcome.printed { pod.runtime.containers[container].logs.append(line) }
            for (index, container) in pod.runtime.containers.enumerated() where !wasTerminated[index] {
                guard case .terminated(let exitCode, _, _, _, _) = container.state else { continue }
                state.terminations.append(
                    KubernetesContainerTermination(
                        namespace: namespace, pod: name, container: container.name, exitCode: exitCode,
                        finishedAt: clock.now()))
            }
            pod.object["status"] = pod.runtime.renderStatus()
            pod.object["spec"]?["nodeName"] = pod.runtime.nodeName.map { .string($0) }
            if pod.object != previous {
                pod.object = Self.record(
                    &state, type: "MODIFIED", resource: .pods, previous: previous, object: pod.object,
                    capacity: historyCapacity, now: clock.now())
            }
            state.pods[key] = pod
            for event in outcome.events { recordEvent(&state, event, about: pod) }
            var finished = publish(&state, printed: outcome.printed, of: pod.runtime)
            finished += Self.removeFollowers(&state) { follower in
                follower.uid == uid && pod.runtime.containers[follower.container].isTerminated
            }
            return (outcome, finished)
        }
        for continuation in finished { continuation.finish() }
        return outcome
    }

    /// Replaces the pod object through `edit` (PATCH, delete marks), publishing MODIFIED when it changed.
    func editPod(
        namespace: String, name: String, _ edit: (inout StoredPod) throws(KubernetesAPIError) -> Void
    ) throws(KubernetesAPIError) -> SandboxJSON {
        let key = Self.key(namespace, name)
        return try state.withLock { state throws(KubernetesAPIError) in
            guard var pod = state.pods[key] else { throw .notFound("pods", name) }
            let previous = pod.object
            try edit(&pod)
            if pod.object != previous {
                pod.object = Self.record(
                    &state, type: "MODIFIED", resource: .pods, previous: previous, object: pod.object,
                    capacity: historyCapacity, now: clock.now())
            }
            state.pods[key] = pod
            return pod.object
        }
    }

    /// Records events about a pod outside a kubelet step (e.g. `Killing` on delete).
    func recordEvents(_ events: [KubernetesStepOutcome.Event], namespace: String, name: String) {
        state.withLock { state in
            guard let pod = state.pods[Self.key(namespace, name)] else { return }
            for event in events { recordEvent(&state, event, about: pod) }
        }
    }

    /// Removes the pod `uid` (DELETED to watchers) and ends its log streams; returns the last state.
    @discardableResult
    func removePod(namespace: String, name: String, uid: String?) -> SandboxJSON? {
        let key = Self.key(namespace, name)
        let (object, finished) = state.withLock { state -> (SandboxJSON?, [AsyncStream<[UInt8]>.Continuation]) in
            guard let pod = state.pods[key], uid == nil || pod.runtime.uid == uid else { return (nil, []) }
            state.pods[key] = nil
            let object = Self.record(
                &state, type: "DELETED", resource: .pods, previous: nil, object: pod.object, capacity: historyCapacity,
                now: clock.now())
            let podUID = pod.runtime.uid
            return (object, Self.removeFollowers(&state) { $0.uid == podUID })
        }
        for continuation in finished { continuation.finish() }
        return object
    }

    /// Bumps the resourceVersion, stamps it on `object`, appends the change to the history and feeds the watches.
    static func record(
        _ state: inout State, type: String, resource: Resource, previous: SandboxJSON?, object: SandboxJSON,
        capacity: Int, now: Date
    ) -> SandboxJSON {
        state.resourceVersion += 1
        var object = object
        object["metadata"]?["resourceVersion"] = .string(String(state.resourceVersion))
        let change = Change(
            resourceVersion: state.resourceVersion, type: type, resource: resource,
            namespace: object["metadata"]?["namespace"]?.string ?? "", previous: previous, object: object)
        state.history.append(change)
        if state.history.count > capacity {
            let dropped = state.history.count - capacity
            state.compactedThrough = state.history[dropped - 1].resourceVersion
            state.history.removeFirst(dropped)
        }
        for watcher in state.watchers.values {
            if let line = watchLine(for: change, watcher: watcher, now: now) { watcher.continuation.yield(line) }
        }
        return object
    }

    /// The resourceVersion stamped on an object.
    static func version(of object: SandboxJSON) -> Int {
        object["metadata"]?["resourceVersion"]?.string.flatMap { Int($0) } ?? 0
    }

    private func recordEvent(_ state: inout State, _ event: KubernetesStepOutcome.Event, about pod: StoredPod) {
        let runtime = pod.runtime
        let dedupKey = [runtime.uid, event.reason, event.message, event.fieldPath ?? ""].joined(separator: "\u{0}")
        let now = KubernetesTime.seconds(clock.now())
        if let key = state.eventKeys[dedupKey], var existing = state.events[key] {
            let previous = existing
            existing["count"] = .int((existing["count"]?.int ?? 1) + 1)
            existing["lastTimestamp"] = .string(now)
            state.events[key] = Self.record(
                &state, type: "MODIFIED", resource: .events, previous: previous, object: existing,
                capacity: historyCapacity, now: clock.now())
            return
        }
        state.nextStreamID += 1
        let nanos = UInt64(clock.now().timeIntervalSince1970 * 1e9) &+ state.nextStreamID
        let name = runtime.name + "." + String(nanos, radix: 16)
        var involved: SandboxJSON = [
            "kind": "Pod", "namespace": .string(runtime.namespace), "name": .string(runtime.name),
            "uid": .string(runtime.uid), "apiVersion": "v1",
            "resourceVersion": pod.object["metadata"]?["resourceVersion"] ?? "",
        ]
        involved["fieldPath"] = event.fieldPath.map { .string($0) }
        var source: SandboxJSON = ["component": .string(event.component)]
        if event.component == "kubelet" { source["host"] = runtime.nodeName.map { .string($0) } }
        let object: SandboxJSON = [
            "kind": "Event", "apiVersion": "v1",
            "metadata": [
                "name": .string(name), "namespace": .string(runtime.namespace),
                "uid": .string(UUID().uuidString.lowercased()), "creationTimestamp": .string(now),
            ],
            "involvedObject": involved, "reason": .string(event.reason), "message": .string(event.message),
            "source": source, "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
            "type": event.isWarning ? "Warning" : "Normal", "eventTime": .null,
            "reportingComponent": .string(event.component),
            "reportingInstance": event.component == "kubelet" ? .string(runtime.nodeName ?? "") : "",
        ]
        let key = Self.key(runtime.namespace, name)
        state.eventKeys[dedupKey] = key
        state.events[key] = Self.record(
            &state, type: "ADDED", resource: .events, previous: nil, object: object, capacity: historyCapacity,
            now: clock.now())
    }
}
