import Foundation
import Synchronization

/// Makes matching answers trickle: the body (whole or streamed) is sent in pieces of ``chunkBytes`` bytes with
/// ``interval`` of simulator time between them, as over a congested link. Lines and JSON documents then arrive
/// split at arbitrary bytes, which is what clients must reassemble.
public struct KubernetesSlowBody: Sendable, Equatable {
    /// Only requests with this method are slowed (`nil`: any).
    public var method: String?
    /// Only requests whose path ends with this are slowed (`nil`: any).
    public var pathSuffix: String?
    /// The size of each piece.
    public var chunkBytes: Int
    /// The pause before each piece after the first, on the simulator's clock.
    public var interval: Duration
    /// How many matching answers are slowed.
    public var count: Int

    /// Creates a slow-body fault.
    /// - Parameters:
    ///   - method: The method to match, or `nil` for any.
    ///   - pathSuffix: The path ending to match, or `nil` for any.
    ///   - chunkBytes: The size of each piece (at least 1).
    ///   - interval: The pause between pieces.
    ///   - count: How many matching answers are slowed.
    public init(
        method: String? = nil, pathSuffix: String? = nil, chunkBytes: Int = 7, interval: Duration = .milliseconds(1),
        count: Int = 1
    ) {
        self.method = method
        self.pathSuffix = pathSuffix
        self.chunkBytes = max(1, chunkBytes)
        self.interval = interval
        self.count = count
    }

    func matches(_ request: SandboxHTTPRequest) -> Bool {
        (method.map { $0 == request.method } ?? true) && (pathSuffix.map { request.path.hasSuffix($0) } ?? true)
    }

    /// `response` with its body re-sent in small pieces, one every ``interval`` (timers of `scheduler`, so a manual
    /// clock steps them); a streamed body keeps its ``SandboxStreamCut``.
    func apply(to response: SandboxHTTPResponse, scheduler: KubernetesScheduler) -> SandboxHTTPResponse {
        let (pieces, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let pacer = KubernetesBodyPacer(scheduler: scheduler, interval: interval, continuation: continuation)
        switch response.body {
        case .bytes(let bytes):
            pacer.send(bytes, inPiecesOf: chunkBytes)
            pacer.finish()
        case .stream(let source), .sized(_, let source):
            let size = chunkBytes
            let feeder = Task {
                for await chunk in source { pacer.send(chunk, inPiecesOf: size) }
                pacer.finish()
            }
            // The client went away: stop reading the source, which ends it (and frees its watch or log follower).
            continuation.onTermination = { _ in feeder.cancel() }
        }
        var slowed = response
        slowed.body = .stream(pieces)
        return slowed
    }
}

/// Sends the pieces of a slowed body one ``interval`` apart, in order, then ends the body: one timer at a time, each
/// scheduling the next, so pieces never overtake each other whatever the clock.
final class KubernetesBodyPacer: Sendable {
    private struct Queue {
        var pieces: [[UInt8]] = []
        var finished = false
        /// A timer is pending (or the first piece is being sent).
        var busy = false
        var sentAny = false
    }

    private let scheduler: KubernetesScheduler
    private let interval: Duration
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let queue = Mutex(Queue())

    init(scheduler: KubernetesScheduler, interval: Duration, continuation: AsyncStream<[UInt8]>.Continuation) {
        self.scheduler = scheduler
        self.interval = interval
        self.continuation = continuation
    }

    func send(_ bytes: [UInt8], inPiecesOf size: Int) {
        let pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
        let start = queue.withLock { queue -> Bool in
            queue.pieces += pieces
            guard !queue.busy else { return false }
            queue.busy = true
            return true
        }
        if start { step() }
    }

    /// Ends the body after the last piece.
    func finish() {
        let start = queue.withLock { queue -> Bool in
            queue.finished = true
            guard !queue.busy else { return false }
            queue.busy = true
            return true
        }
        if start { step() }
    }

    /// Sends the next piece now (the first one) or after ``interval``, then goes on; ends the body when done.
    private func step() {
        let (piece, immediate, done) = queue.withLock { queue -> ([UInt8]?, Bool, Bool) in
            guard !queue.pieces.isEmpty else {
                queue.busy = false
                return (nil, true, queue.finished)
            }
            let immediate = !queue.sentAny
            queue.sentAny = true
            return (queue.pieces.removeFirst(), immediate, false)
        }
        if done { return continuation.finish() }
        guard let piece else { return }
        if immediate {
            continuation.yield(piece)
            step()
        } else {
            scheduler.schedule(after: interval) { [self] in
                continuation.yield(piece)
                step()
            }
        }
    }
}

/// How the simulator answers a watch from a resourceVersion that was compacted away
/// (``KubernetesSimulator/compactHistory(answering:)``).
public enum KubernetesWatchExpiry: Sendable, Hashable {
    /// `200` and one `ERROR` event carrying a 410 `Expired` Status, then the end of the stream (the watch cache).
    case errorEvent
    /// A plain HTTP `410 Gone` with the `Expired` Status (watches served from etcd).
    case httpStatus
}
