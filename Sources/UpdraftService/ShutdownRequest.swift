import Synchronization

/// A graceful shutdown asked of the scheduler (from swift-service-lifecycle's handler, any thread): it stops
/// creating and starting runs, lets running ones finish within the grace period, then returns.
final class ShutdownRequest: Sendable {
    private let requested = Mutex(false)
    /// The scheduler's doorbell, rung so that it notices at once.
    let wakeup = Wakeup()

    var isRequested: Bool { requested.withLock { $0 } }

    func request() {
        requested.withLock { $0 = true }
        wakeup.ring()
    }
}
