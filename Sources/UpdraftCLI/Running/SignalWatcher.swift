import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into an async stream of signal numbers, with dispatch signal sources (no polling).
/// While it watches, the signals' default action (ending the process at once) is off, so the run can clean up.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: the sources are created in init and only cancelled in `stop`; dispatch sources are thread-safe.
    private let sources: [any DispatchSourceSignal]
    private let continuation: AsyncStream<Int32>.Continuation
    private let watched: [Int32]
    /// Each signal received, in order.
    let signals: AsyncStream<Int32>

    /// Starts watching `signals`.
    init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.signals = stream
        self.continuation = continuation
        self.watched = signals
        self.sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
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
