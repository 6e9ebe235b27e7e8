public import Foundation
import Synchronization

/// A clock that only moves when a test calls ``advance(by:)``: every simulated step becomes deterministic.
public final class KubernetesManualClock: KubernetesSimulatorClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Creates a clock standing at `start` (default 2024-01-01T00:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_704_067_200)) {
        state = Mutex(State(now: start))
    }

    /// The current simulated time.
    public func now() -> Date { state.withLock { $0.now } }

    /// Moves the clock forward and wakes every sleeper whose deadline has been reached.
    public func advance(by interval: TimeInterval) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now += interval
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
}
