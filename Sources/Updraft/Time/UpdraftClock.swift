public import Foundation

/// The source of time for the engine, operators and hooks.
///
/// Everything in Updraft that waits (retry delays, execution timeouts, polling intervals) asks this clock, so a test
/// can swap in a manual clock (`ManualClock` in UpdraftTesting) and skip a five-minute retry delay instantly.
public protocol UpdraftClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date

    /// Suspends until `deadline` has been reached on this clock.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws

    /// Tells the clock that a unit of work (a running task try, the engine handling an event) has started.
    ///
    /// A time-skipping test clock advances time only when no work is in progress; real clocks ignore this.
    func workBegan()

    /// Tells the clock that a unit of work started with ``workBegan()`` has ended (or is now only waiting on
    /// this clock).
    func workEnded()
}

extension UpdraftClock {
    /// Suspends for `duration` on this clock.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now().adding(duration))
    }

    public func workBegan() {}
    public func workEnded() {}
}

/// The real clock: `Date()` for now and `Task.sleep` for waiting.
public struct SystemClock: UpdraftClock {
    /// Creates the real clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        guard seconds > 0 else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9)))
    }
}
