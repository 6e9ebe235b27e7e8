public import Foundation

/// The time source of the simulated cluster: stamps objects and log lines, and paces the simulated kubelet.
///
/// The default ``KubernetesSystemClock`` follows real time; ``KubernetesManualClock`` lets a test step the
/// cluster by hand.
public protocol KubernetesSimulatorClock: Sendable {
    /// The current (simulated) wall-clock time.
    func now() -> Date
    /// Suspends until the clock reaches `deadline`; throws `CancellationError` when the calling task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// Real time: `Date()` and `Task.sleep`.
public struct KubernetesSystemClock: KubernetesSimulatorClock {
    /// Creates the real-time clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Date { Date() }

    /// Sleeps for the real time remaining until `deadline`.
    public func sleep(until deadline: Date) async throws {
        let remaining = deadline.timeIntervalSinceNow
        if remaining > 0 { try await Task.sleep(for: .seconds(remaining)) }
        try Task.checkCancellation()
    }
}
