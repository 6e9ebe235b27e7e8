import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM, delivered as a stream instead of their default action (ending the process at once).
///
/// Created before any stand-in starts, so a signal that arrives at any moment, even during start-up, still stops
/// the sandbox cleanly.
struct TerminationSignals {
    private let received: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    /// Replaces the default handlers of SIGINT and SIGTERM.
    init() {
        let (received, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.received = received
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Waits for the first signal and returns its number.
    func first() async -> Int32 {
        for await number in received { return number }
        return 0
    }
}
