import Foundation
import Synchronization

/// Fans a "something changed" signal out to the open streams of one key (a run): the readers of other keys are not
/// woken. Each stream buffers at most one signal; a key is forgotten once its last reader stops reading.
public final class KeyedChangeBroadcaster: Sendable {
    private let readers = Mutex([String: [UUID: AsyncStream<Void>.Continuation]]())

    /// A broadcaster with no readers.
    public init() {}

    /// A new stream of the signals of `key`; it ends (and is forgotten) when its reader stops reading.
    public func stream(_ key: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        readers.withLock { $0[key, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.readers.withLock { readers in
                readers[key]?[id] = nil
                if readers[key]?.isEmpty == true { readers[key] = nil }
            }
        }
        return stream
    }

    /// Wakes the readers of `key`.
    public func signal(_ key: String) {
        for reader in readers.withLock({ Array(($0[key] ?? [:]).values) }) { reader.yield() }
    }

    /// Wakes every reader of every key (after signals may have been missed, such as a broken connection).
    public func signalAll() {
        for reader in readers.withLock({ $0.values.flatMap(\.values) }) { reader.yield() }
    }

    /// The key of a run: what its claimed tries' ends are signalled under.
    public static func runKey(dagID: String, runID: String) -> String { dagID + " " + runID }
}
