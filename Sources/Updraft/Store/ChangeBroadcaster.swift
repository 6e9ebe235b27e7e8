import Foundation
import Synchronization

/// Fans a "something changed" signal out to every open ``RunStore/changeSignals()`` stream. Each stream buffers at
/// most one signal: a burst of changes wakes a reader once, and a reader never misses the last change.
public final class ChangeBroadcaster: Sendable {
    private let readers = Mutex([UUID: AsyncStream<Void>.Continuation]())

    /// A broadcaster with no readers.
    public init() {}

    /// A new stream of signals; it ends (and is forgotten) when its reader stops reading.
    public func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        readers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.readers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// Wakes every reader.
    public func signal() {
        for reader in readers.withLock({ Array($0.values) }) { reader.yield() }
    }
}
