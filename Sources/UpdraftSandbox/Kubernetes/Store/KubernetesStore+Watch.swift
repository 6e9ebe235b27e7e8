import Foundation
import Synchronization

extension KubernetesStore {
    /// What a watch asks for.
    struct WatchRequest: Sendable {
        var resource: Resource
        var namespace: String?
        var labels: KubernetesLabelSelector
        var fields: KubernetesFieldSelector
        /// `nil` (unset or `"0"`): start with a synthetic ADDED per current object; else only changes after it.
        var resourceVersion: Int?
        var sendsBookmarks: Bool
        /// `sendInitialEvents=true`: mark the end of the initial ADDED events with a BOOKMARK.
        var marksInitialEventsEnd: Bool
        /// Send objects as one-row `Table`s.
        var rendersTable: Bool
    }

    /// Opens a watch: replays what the request asks for and registers the stream for live changes, atomically
    /// (no change can fall between replay and registration). Returns `nil` after sending a 410 ERROR event.
    func openWatch(
        _ request: WatchRequest, continuation: AsyncStream<[UInt8]>.Continuation, cut: SandboxStreamCut
    ) -> UInt64? {
        let now = clock.now()
        let id = state.withLock { state -> UInt64? in
            let watcher = Watcher(
                resource: request.resource, namespace: request.namespace, labels: request.labels,
                fields: request.fields, sendsBookmarks: request.sendsBookmarks, rendersTable: request.rendersTable,
                continuation: continuation, cut: cut)
            if let since = request.resourceVersion {
                if let expired = Self.expiredWatch(from: since, state) {
                    continuation.yield(Self.watchLine(type: "ERROR", object: expired.status))
                    return nil
                }
                for change in state.history where change.resourceVersion > since {
                    if let line = Self.watchLine(for: change, watcher: watcher, now: now) { continuation.yield(line) }
                }
            } else {
                let objects = request.resource == .pods ? state.pods.values.map(\.object) : Array(state.events.values)
                for object in objects.sorted(by: { Self.version(of: $0) < Self.version(of: $1) })
                where Self.matches(object, watcher) {
                    continuation.yield(Self.watchLine(type: "ADDED", object: Self.rendered(object, watcher, now: now)))
                }
                if request.marksInitialEventsEnd && request.sendsBookmarks {
                    continuation.yield(
                        Self.bookmark(
                            request.resource, state.resourceVersion, annotations: ["k8s.io/initial-events-end": "true"])
                    )
                }
            }
            state.nextStreamID += 1
            state.watchers[state.nextStreamID] = watcher
            return state.nextStreamID
        }
        if id == nil { continuation.finish() }
        return id
    }

    /// Ends a watch (its `timeoutSeconds` elapsed), sending a last BOOKMARK first when the watch asked for them,
    /// as the API server's watch cache does for watchers close to their deadline.
    func closeWatch(_ id: UInt64) {
        let continuation = state.withLock { state -> AsyncStream<[UInt8]>.Continuation? in
            guard let watcher = state.watchers.removeValue(forKey: id) else { return nil }
            if watcher.sendsBookmarks {
                watcher.continuation.yield(Self.bookmark(watcher.resource, state.resourceVersion, annotations: [:]))
            }
            return watcher.continuation
        }
        continuation?.finish()
    }

    /// Forgets a watch whose client went away.
    func removeWatcher(_ id: UInt64) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
    }

    /// Runs `remove` (``removeWatcher(_:)`` or ``removeFollower(_:)``) once `continuation`'s consumer is gone.
    ///
    /// Not inline: `onTermination` may run inside the runtime's cancellation of the consumer's task, with that
    /// task's status locked, while a write holding the store lock yields to the same stream and waits for that
    /// status lock — taking the store lock there deadlocked (seen in UpdraftKubernetesTests). Until the removal
    /// runs, yields to the finished stream are simply dropped.
    static func remove(
        whenFinished continuation: AsyncStream<[UInt8]>.Continuation, _ remove: @escaping @Sendable () -> Void
    ) {
        continuation.onTermination = { _ in DispatchQueue.global().async(execute: remove) }
    }

    /// Ends every open watch and (unless told otherwise) log stream; their clients see a clean end of the response.
    func endAllStreams(includingLogs: Bool = true) {
        let continuations = state.withLock { state in
            defer {
                state.watchers.removeAll()
                if includingLogs { state.followers.removeAll() }
            }
            return state.watchers.values.map(\.continuation)
                + (includingLogs ? state.followers.values.map(\.continuation) : [])
        }
        for continuation in continuations { continuation.finish() }
    }

    /// Number of open watch and log streams (tests check that closed clients free them).
    var openStreamCount: Int { state.withLock { $0.watchers.count + $0.followers.count } }

    /// The watch line a change produces for `watcher`, if any: a change that makes an object enter the selection
    /// is an ADDED, one that makes it leave is a DELETED (as the API server's watch cache reports them).
    static func watchLine(for change: Change, watcher: Watcher, now: Date) -> [UInt8]? {
        guard change.resource == watcher.resource, watcher.namespace == nil || watcher.namespace == change.namespace
        else { return nil }
        let matchesNow = matches(change.object, watcher)
        let matchedBefore = change.previous.map { matches($0, watcher) } ?? false
        let type: String? =
            switch (change.type, matchedBefore, matchesNow) {
            case ("MODIFIED", true, true): "MODIFIED"
            case ("MODIFIED", false, true): "ADDED"
            case ("MODIFIED", true, false): "DELETED"
            case ("ADDED", _, true), ("DELETED", _, true): change.type
            default: nil
            }
        return type.map { watchLine(type: $0, object: rendered(change.object, watcher, now: now)) }
    }

    /// The object as the watcher wants it: as is, or as a one-row Table.
    private static func rendered(_ object: SandboxJSON, _ watcher: Watcher, now: Date) -> SandboxJSON {
        guard watcher.rendersTable else { return object }
        return KubernetesTable.table(
            [object], kind: watcher.resource.kind, resourceVersion: version(of: object), now: now)
    }

    /// One newline-terminated `WatchEvent`.
    static func watchLine(type: String, object: SandboxJSON) -> [UInt8] {
        let event: SandboxJSON = ["type": .string(type), "object": object]
        return event.encoded() + [UInt8(ascii: "\n")]
    }

    private static func matches(_ object: SandboxJSON, _ watcher: Watcher) -> Bool {
        watcher.labels.matches(object["metadata"]?["labels"]?.stringMap ?? [:]) && watcher.fields.matches(object)
    }

    private static func bookmark(_ resource: Resource, _ version: Int, annotations: [String: String]) -> [UInt8] {
        var metadata: SandboxJSON = ["resourceVersion": .string(String(version))]
        if !annotations.isEmpty { metadata["annotations"] = .stringMap(annotations) }
        return watchLine(
            type: "BOOKMARK", object: ["kind": .string(resource.kind), "apiVersion": "v1", "metadata": metadata])
    }
}
