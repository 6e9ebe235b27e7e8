import Synchronization
import Updraft

/// The store's single writer, with group commit: writes queue up while a batch is committed, and the next batch
/// takes all of them — folded into one statement, one round trip (``PostgresBatch``). A caller that must know its
/// write is durable waits for the commit that includes it; the engine's task-instance batches do not wait, which
/// keeps a write from costing the engine a round trip per task.
///
/// Batches run one at a time in the order their writes were queued, so a write a caller waited for is durable
/// together with everything queued before it. A batch whose connection broke is committed again (it holds only
/// upserts of final values, so a second run is harmless); a batch that still fails is sticky: every later write and
/// wait throws its failure, because the writes it lost cannot be replayed (the run that made them stops, and is
/// resumed from what the database holds).
final class PostgresWriter: Sendable {
    typealias Commit = @Sendable (PostgresBatch) async throws -> Void

    private struct State {
        var pending: [PostgresChange] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        /// Writes queued and not yet committed, the batch in progress included.
        var outstanding = 0
        var failure: RunStoreError?
        var closed = false
    }

    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let location: String

    init(location: String) {
        self.location = location
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether a read must wait for queued writes to see them.
    var hasOutstandingWrites: Bool { state.withLock { $0.outstanding > 0 } }

    /// Queues a write without waiting for it.
    /// - Throws: the failure of an earlier batch, or `RunStoreError.storage` once closed.
    func enqueue(_ change: PostgresChange) throws {
        try state.withLock { state in
            try check(state)
            state.pending.append(change)
            state.outstanding += 1
        }
        wake.yield()
    }

    /// Queues `change` (if any) and returns once it and everything queued before it are committed.
    /// - Throws: the batch's failure, or an earlier one.
    func commit(_ change: PostgresChange? = nil) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Bool, any Error> = state.withLock { state in
                do {
                    try check(state)
                } catch {
                    return .failure(error)
                }
                if let change {
                    state.pending.append(change)
                    state.outstanding += 1
                }
                guard state.outstanding > 0 else { return .success(false) }  // nothing to wait for
                state.waiters.append(continuation)
                return .success(true)
            }
            switch outcome {
            case .failure(let error): continuation.resume(throwing: error)
            case .success(false): continuation.resume()
            case .success(true): wake.yield()
            }
        }
    }

    /// Waits for every write queued so far, whatever became of them (an earlier failure is not this caller's).
    func settle() async {
        try? await commit()
    }

    /// Refuses new writes; ``run(_:)`` commits what is queued, then returns.
    func close() {
        state.withLock { $0.closed = true }
        wake.finish()
    }

    /// Commits batches until ``close()``; the store's background task runs it.
    func run(_ commit: Commit) async {
        for await _ in wakeups { await drain(commit) }
        await drain(commit)
    }

    private func drain(_ commit: Commit) async {
        let (changes, waiters) = state.withLock { state in
            defer {
                state.pending = []
                state.waiters = []
            }
            return (state.pending, state.waiters)
        }
        var failure: RunStoreError?
        let batch = PostgresBatch(changes)
        if !batch.isEmpty {
            do {
                try await commit(batch)
            } catch {
                failure = error as? RunStoreError ?? .storage(location: location, message: "\(error)")
            }
        }
        // A waiter learns of any earlier failure too: it may have come after a batch that was already being
        // committed when it started waiting (and failed after it checked).
        failure = state.withLock { state in
            state.outstanding -= changes.count
            if let failure, state.failure == nil { state.failure = failure }
            return state.failure
        }
        for waiter in waiters {
            if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
        }
    }

    private func check(_ state: State) throws {
        if let failure = state.failure { throw failure }
        if state.closed { throw RunStoreError.storage(location: location, message: "the store was closed") }
    }
}
