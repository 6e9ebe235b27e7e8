import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into an async stream of signal numbers, with dispatch signal sources (no polling).
/// While it watches, the signals' default action (ending the process at once) is off, so the run can clean up;
/// a second signal calls `onRepeat` instead (a user pressing Ctrl-C again does not want to wait).
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: the sources are created in init and only cancelled in `stop`; dispatch sources are thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let continuation: AsyncStream<Int32>.Continuation
    private let watched: [Int32]
    /// The first signal received.
    let signals: AsyncStream<Int32>

    /// Starts watching `signals`; `onRepeat` is called (on a dispatch queue) for every signal after the first.
    init(_ signals: [Int32] = [SIGINT, SIGTERM], onRepeat: @escaping @Sendable (Int32) -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.signals = stream
        self.continuation = continuation
        self.watched = signals
        let received = SignalCount()
        // One serial queue for every source, so the count and the order of signals are exact.
        let queue = DispatchQueue(label: "updraft.cli.signals")
        self.sources = signals.map { number in
            signal(number, SIG_IGN)
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
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals their default action back.
    func stop() {
        for source in sources { source.cancel() }
        for number in watched { signal(number, SIG_DFL) }
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
