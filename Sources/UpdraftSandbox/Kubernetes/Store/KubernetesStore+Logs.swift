import Synchronization

extension KubernetesStore {
    /// How a log request is answered.
    enum LogOpening: Sendable {
        /// The pod is not bound to a node yet: 204, empty body.
        case noContent
        /// The whole answer: the log so far (no follow, or the container has ended).
        case complete([UInt8])
        /// The log so far was yielded to the continuation, which now receives each new line (stream `id`).
        case streaming(UInt64)
    }

    /// Resolves the container and its state as apiserver and kubelet do, returns the log so far and, for `follow`
    /// on a running container, feeds it to `continuation` and registers it for the lines still to come (under one
    /// lock: none is lost or reordered).
    func openLog(
        namespace: String, name: String, options: KubernetesLogOptions,
        continuation: AsyncStream<[UInt8]>.Continuation, cut: SandboxStreamCut
    ) throws(KubernetesAPIError) -> LogOpening {
        let now = clock.now()
        return try state.withLock { state throws(KubernetesAPIError) -> LogOpening in
            guard let pod = state.pods[Self.key(namespace, name)] else { throw .notFound("pods", name) }
            let runtime = pod.runtime
            let index = try Self.containerIndex(options.container, in: runtime)
            guard runtime.nodeName != nil else { return .noContent }
            let container = runtime.containers[index]
            let subject = "container \"\(container.name)\" in pod \"\(name)\""
            switch container.state {
            case nil:
                throw .badRequest("\(subject) is not available")
            case .waiting(let reason, _):
                let detail =
                    switch reason {
                    case "ErrImagePull": "image can't be pulled"
                    case "ImagePullBackOff": "trying and failing to pull image"
                    default: reason
                    }
                throw .badRequest("\(subject) is waiting to start: \(detail)")
            case .running, .terminated:
                break
            }
            if options.previous {
                throw .badRequest("previous terminated container \"\(container.name)\" in pod \"\(name)\" not found")
            }
            let body = options.render(container.logs, now: now)
            let remaining = options.limitBytes.map { $0 - body.count }
            guard options.follow, !container.isTerminated, remaining.map({ $0 > 0 }) ?? true else {
                return .complete(body)
            }
            if !body.isEmpty { continuation.yield(body) }
            state.nextStreamID += 1
            state.followers[state.nextStreamID] = LogFollower(
                uid: runtime.uid, container: index, timestamps: options.timestamps, remainingBytes: remaining,
                continuation: continuation, cut: cut)
            return .streaming(state.nextStreamID)
        }
    }

    /// Forgets a log stream whose client went away.
    func removeFollower(_ id: UInt64) {
        _ = state.withLock { $0.followers.removeValue(forKey: id) }
    }

    /// Feeds freshly printed lines to the followers of their container; returns the streams to finish because
    /// their `limitBytes` ran out (finishing happens outside the lock: it runs the streams' termination handlers).
    func publish(
        _ state: inout State, printed: [(container: Int, line: KubernetesPodRuntime.LogLine)],
        of runtime: KubernetesPodRuntime
    ) -> [AsyncStream<[UInt8]>.Continuation] {
        guard !printed.isEmpty else { return [] }
        for (id, var follower) in state.followers where follower.uid == runtime.uid {
            for (container, line) in printed where container == follower.container {
                var bytes = KubernetesLogOptions.format(line, timestamps: follower.timestamps)
                if let remaining = follower.remainingBytes {
                    bytes = Array(bytes.prefix(max(0, remaining)))
                    follower.remainingBytes = remaining - bytes.count
                }
                if !bytes.isEmpty { follower.continuation.yield(bytes) }
            }
            state.followers[id] = follower
        }
        return Self.removeFollowers(&state) { ($0.remainingBytes ?? 1) <= 0 }
    }

    /// Unregisters the followers `shouldRemove` picks and returns their streams, to be finished outside the lock.
    static func removeFollowers(
        _ state: inout State, where shouldRemove: (LogFollower) -> Bool
    ) -> [AsyncStream<[UInt8]>.Continuation] {
        let ids = state.followers.filter { shouldRemove($0.value) }.keys
        return ids.compactMap { state.followers.removeValue(forKey: $0)?.continuation }
    }

    private static func containerIndex(_ requested: String?, in runtime: KubernetesPodRuntime)
        throws(KubernetesAPIError) -> Int
    {
        let names = runtime.containers.map(\.name)
        guard let requested else {
            if names.count == 1 { return 0 }
            if names.isEmpty { throw .badRequest("a container name must be specified for pod \(runtime.name)") }
            let choices = names.joined(separator: " ")
            throw .badRequest("a container name must be specified for pod \(runtime.name), choose one of: [\(choices)]")
        }
        guard let index = names.firstIndex(of: requested) else {
            throw .badRequest("container \(requested) is not valid for pod \(runtime.name)")
        }
        return index
    }
}
