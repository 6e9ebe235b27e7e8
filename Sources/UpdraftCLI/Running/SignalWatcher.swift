import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into an async stream, with dispatch signal sources (no polling), so the run can be
/// cancelled and clean up instead of the process ending at once; a second signal calls `onRepeat` (a user pressing
/// Ctrl-C again does not want to wait).
///
/// On Linux, libdispatch installs its own handler for a watched signal when the source is registered (and keeps
/// it for the life of the process); on Darwin, the source only observes, so the signal's default action is turned
/// off while watching.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: the sources are created in init and only cancelled in `stop`; dispatch sources are thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let continuation: AsyncStream<Int32>.Continuation
    private let watched: [Int32]
    private let registered = DispatchGroup()
    /// The first signal received.
    let signals: AsyncStream<Int32>

    /// Starts watching `signals`; `onRepeat` is called (on a dispatch queue) for every signal after the first.
    /// Signals are caught once ``ready()`` has returned.
    init(_ signals: [Int32] = [SIGINT, SIGTERM], onRepeat: @escaping @Sendable (Int32) -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.signals = stream
        self.continuation = continuation
        self.watched = signals
        let received = SignalCount()
        // One serial queue for every source, so the count and the order of signals are exact.
        let queue = DispatchQueue(label: "updraft.cli.signals")
        let registered = registered
        self.sources = signals.map { number in
            #if canImport(Darwin)
            signal(number, SIG_IGN)
            #endif
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let count = received.value.withLock { count in
                    count += 1
                    return count
                }
                if count == 1 {
                    continuation.yield(number)
                    continuation.finish()
                } else {
                    onRepeat(number)
                }
            }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            return source
        }
    }

    /// Returns once every source is registered: from then on a signal reaches the watcher.
    func ready() async {
        await withCheckedContinuation { continuation in
            registered.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// Stops watching.
    func stop() {
        for source in sources { source.cancel() }
        #if canImport(Darwin)
        for number in watched { signal(number, SIG_DFL) }
        #endif
        continuation.finish()
    }

    /// The conventional exit status of a process ended by `signal` (130 for SIGINT, 143 for SIGTERM).
    static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// The signal's name (`SIGINT`).
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}

/// How many signals a watcher has received, shared by its signal handlers.
private final class SignalCount: Sendable {
    let value = Mutex(0)
}
