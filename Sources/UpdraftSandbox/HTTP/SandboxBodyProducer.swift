import Synchronization

/// Bodies produced only as fast as a client reads them (each element is made when the server asks for the next),
/// so a stand-in can send a gigabyte, or never stop, without holding more than one block in memory.
enum SandboxBodyProducer {
    /// 64 KiB of printable filler, shared by every chunk (arrays are copy-on-write, so it is never copied).
    private static let block: [UInt8] = (0..<(64 << 10)).map { index in
        index % 64 == 63 ? UInt8(ascii: "\n") : UInt8(ascii: "a") + UInt8(index % 26)
    }

    /// Exactly `count` bytes of filler.
    static func bytes(_ count: Int) -> AsyncStream<[UInt8]> {
        let remaining = Remaining(max(0, count))
        return AsyncStream(unfolding: {
            let size = remaining.take(upTo: block.count)
            guard size > 0 else { return nil }
            return size == block.count ? block : Array(block[..<size])
        })
    }

    /// What is left to send of a sized body.
    private final class Remaining: Sendable {
        private let count: Mutex<Int>
        init(_ count: Int) { self.count = Mutex(count) }

        /// Takes up to `limit` bytes of what is left; 0 at the end.
        func take(upTo limit: Int) -> Int {
            count.withLock { count in
                let taken = min(count, limit)
                count -= taken
                return taken
            }
        }
    }

    /// Filler that never ends.
    static func endless() -> AsyncStream<[UInt8]> {
        AsyncStream(unfolding: { block })
    }

    /// One byte every `interval`, never ending (until the client goes away and the wait is cancelled).
    static func trickle(every interval: Duration) -> AsyncStream<[UInt8]> {
        AsyncStream(unfolding: {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return nil
            }
            return [UInt8(ascii: " ")]
        })
    }
}
