import Synchronization

/// The latest known state of a followed pod, shared by the watch, the log follower and the operator: the watch
/// publishes snapshots, the others wait for a condition on them without polling.
final class PodProgress: Sendable {
    private struct Waiter {
        var id: UInt64
        var condition: @Sendable (Pod) -> Bool
        var continuation: CheckedContinuation<Pod, any Error>
    }

    private struct State {
        var pod: Pod
        var failure: (any Error)?
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(_ pod: Pod) { state = Mutex(State(pod: pod)) }

    /// The latest snapshot.
    var pod: Pod { state.withLock { $0.pod } }

    /// Publishes a new snapshot and wakes the waiters whose condition now holds.
    func update(_ pod: Pod) {
        let due = state.withLock { state -> [(CheckedContinuation<Pod, any Error>)] in
            state.pod = pod
            let due = state.waiters.filter { $0.condition(pod) }
            state.waiters.removeAll { $0.condition(pod) }
            return due.map(\.continuation)
        }
        for continuation in due { continuation.resume(returning: pod) }
    }

    /// Ends the following with an error: every waiter, present and future, gets it.
    func fail(_ error: any Error) {
        let waiters = state.withLock { state -> [Waiter] in
            if state.failure == nil { state.failure = error }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }

    /// The first snapshot satisfying `condition` (the current one if it already does).
    /// - Throws: The error given to ``fail(_:)``, or `CancellationError`.
    func wait(until condition: @escaping @Sendable (Pod) -> Bool) async throws -> Pod {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Pod, any Error>) in
                let immediate = state.withLock { state -> Result<Pod, any Error>? in
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if condition(state.pod) { return .success(state.pod) }
                    state.waiters.append(Waiter(id: id, condition: condition, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }
}
