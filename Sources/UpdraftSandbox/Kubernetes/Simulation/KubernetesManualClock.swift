public import Foundation
import Synchronization

/// A clock that only moves when a test calls ``advance(by:)``: every simulated step becomes deterministic.
///
/// The simulator's own timers (pod steps, watch timeouts) run inside ``advance(by:)``, in deadline order, each
/// with the clock standing at its deadline: when the call returns, the cluster has done everything due by then.
public final class KubernetesManualClock: KubernetesSimulatorClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Timer {
        var deadline: Date
        var action: @Sendable () -> Void
    }

    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        /// Simulator timers by insertion order (the tie-breaker among equal deadlines).
        var timers: [UInt64: Timer] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Creates a clock standing at `start` (default 2024-01-01T00:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_704_067_200)) {
        state = Mutex(State(now: start))
    }

    /// The current simulated time.
    public func now() -> Date { state.withLock { $0.now } }

    /// Moves the clock forward: runs every simulator timer due by the new time (including those the timers
    /// themselves schedule), then wakes every sleeper whose deadline has been reached.
    public func advance(by interval: TimeInterval) {
        let target = state.withLock { $0.now + interval }
        while let action = nextDueTimer(by: target) { action() }
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = max(state.now, target)
            let now = state.now
            let dueIDs = state.sleepers.filter { $0.value.deadline <= now }.keys
            return dueIDs.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
        }
        for continuation in due { continuation.resume() }
    }

    /// Suspends until ``advance(by:)`` reaches `deadline`.
    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if deadline <= state.now || Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Registers a simulator timer: `action` runs inside the ``advance(by:)`` call that reaches `deadline`
    /// (a deadline already passed runs on the next call).
    func addTimer(at deadline: Date, _ action: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.nextID += 1
            state.timers[state.nextID] = Timer(deadline: deadline, action: action)
        }
    }

    /// Removes and returns the earliest timer due by `target`, with the clock moved to its deadline.
    private func nextDueTimer(by target: Date) -> (@Sendable () -> Void)? {
        state.withLock { state in
            let due = state.timers.filter { $0.value.deadline <= target }
            guard let (id, timer) = due.min(by: { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }) else {
                return nil
            }
            state.timers[id] = nil
            state.now = max(state.now, timer.deadline)
            return timer.action
        }
    }
}
