import Foundation
import Synchronization

extension KubernetesStore {
    /// The 410 `Expired` a watch from `resourceVersion` gets, if that version was compacted away.
    func expiredWatch(from resourceVersion: Int) -> KubernetesAPIError? {
        state.withLock { Self.expiredWatch(from: resourceVersion, $0) }
    }

    static func expiredWatch(from resourceVersion: Int, _ state: State) -> KubernetesAPIError? {
        guard resourceVersion < state.compactedThrough else { return nil }
        return .expired(requested: resourceVersion, oldest: state.compactedThrough + 1)
    }

    /// Drops the whole change history and moves the global resourceVersion on (as other objects' writes would),
    /// so every earlier version is expired; returns the new version.
    func compactHistory() -> Int {
        state.withLock { state in
            state.resourceVersion += 1
            state.compactedThrough = state.resourceVersion
            state.history.removeAll()
            return state.resourceVersion
        }
    }

    /// Ends every watch and log stream abnormally: half a line, then the connection dropped with `mode`.
    /// Returns how many streams were cut.
    func cutAllStreams(_ mode: SandboxStreamCut.Mode, logFragment: String) -> Int {
        let now = clock.now()
        let streams = state.withLock { state in
            defer {
                state.watchers.removeAll()
                state.followers.removeAll()
            }
            let watchFragment = Array(#"{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"#.utf8)
            let logLine = { (timestamps: Bool) in
                Array(((timestamps ? KubernetesTime.nano(now) + " " : "") + logFragment).utf8)
            }
            return state.watchers.values.map { ($0.continuation, $0.cut, watchFragment) }
                + state.followers.values.map { ($0.continuation, $0.cut, logLine($0.timestamps)) }
        }
        for (continuation, cut, fragment) in streams {
            continuation.yield(fragment)
            cut.request(mode)
            continuation.finish()
        }
        return streams.count
    }
}
