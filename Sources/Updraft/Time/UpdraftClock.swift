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

    /// Arms a timer for `deadline` now, before anything else can happen on the clock; ``ClockTimer/wait()`` then
    /// waits for it. The engine arms timeouts this way so that a test clock always knows about them before the
    /// operator they guard starts.
    func makeTimer(until deadline: Date) -> any ClockTimer

    /// Tells the clock that a unit of work (a running task try, the engine handling an event) has started.
    ///
    /// A time-skipping test clock advances time only when no work is in progress; real clocks ignore this.
    func workBegan()

    /// Tells the clock that a unit of work started with ``workBegan()`` has ended (or is now only waiting on
    /// this clock).
    ///
    /// A timer or sleep outside a task try that fires (rather than being cancelled) also counts as work on a
    /// time-skipping clock, so that time cannot jump past what its owner is about to do: the owner calls this once
    /// it has handled the wake.
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

    public func makeTimer(until deadline: Date) -> any ClockTimer { SleepTimer(clock: self, deadline: deadline) }
}

/// A timer armed by ``UpdraftClock/makeTimer(until:)``.
public protocol ClockTimer: Sendable {
    /// Suspends until the timer's deadline.
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func wait() async throws
}

/// The default timer: sleeps on its clock when waited on.
struct SleepTimer<Clock: UpdraftClock>: ClockTimer {
    let clock: Clock
    let deadline: Date

    func wait() async throws { try await clock.sleep(until: deadline) }
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
        // Capped at about 31 years: a deadline centuries away (a far logical date) must not overflow Int64.
        try await Task.sleep(for: .seconds(min(seconds, 1e9)))
    }
}
