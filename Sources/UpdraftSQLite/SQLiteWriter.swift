import GRDB
import Synchronization
import Updraft

/// The store's single writer, with group commit: writes queue up while a transaction runs, and the next transaction
/// takes all of them. A caller that must know its write is durable waits for the commit that includes it; the
/// engine's task-instance batches wait only when they start a try (see `saveTaskInstances`), so a try's end and the
/// states it settles downstream cost no commit of their own, and tries started together share one.
///
/// Writes run in the order they were queued, so a write a caller waited for is durable together with everything
/// queued before it. A failed transaction is sticky: every later write and wait throws it, because the writes it lost
/// cannot be replayed (the run that made them stops, and is resumed from what the database holds).
final class SQLiteWriter: Sendable {
    typealias Write = @Sendable (Database) throws -> Void

    private struct State {
        var pending: [Write] = []
        /// Run once the writes queued with them are committed (signals to other processes).
        var afterCommit: [@Sendable () -> Void] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var scheduled = false
        /// Writes queued and not yet committed, the transaction in progress included.
        var outstanding = 0
        var failure: RunStoreError?
    }

    private let state = Mutex(State())
    private let pool: DatabasePool
    private let location: String

    init(pool: DatabasePool, location: String) {
        self.pool = pool
        self.location = location
    }

    /// Whether a read must wait for queued writes to see them.
    var hasOutstandingWrites: Bool { state.withLock { $0.outstanding > 0 } }

    /// Queues a write without waiting for it; `afterCommit` runs once it is committed (never if it fails).
    /// - Throws: the failure of an earlier transaction.
    func enqueue(_ write: @escaping Write, afterCommit: (@Sendable () -> Void)? = nil) throws {
        let schedule = try state.withLock { state in
            if let failure = state.failure { throw failure }
            state.pending.append(write)
            if let afterCommit { state.afterCommit.append(afterCommit) }
            state.outstanding += 1
            defer { state.scheduled = true }
            return !state.scheduled
        }
        if schedule { scheduleDrain() }
    }

    /// Queues `write` (if any) and returns once it and everything queued before it are committed.
    /// - Throws: the transaction's failure, or an earlier one.
    func commit(_ write: Write? = nil) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let schedule: Bool
            do {
                schedule = try state.withLock { state in
                    if let failure = state.failure { throw failure }
                    if let write {
                        state.pending.append(write)
                        state.outstanding += 1
                    }
                    state.waiters.append(continuation)
                    defer { state.scheduled = true }
                    return !state.scheduled
                }
            } catch {
                continuation.resume(throwing: error)
                return
            }
            if schedule { scheduleDrain() }
        }
    }

    /// Waits for every write queued so far, whatever became of them (an earlier failure is not this caller's).
    func settle() async {
        try? await commit()
    }

    private func scheduleDrain() {
        pool.asyncWriteWithoutTransaction { [self] db in drain(db) }
    }

    /// Runs on GRDB's serial writer queue: takes everything queued so far into one transaction. Writes queued while it
    /// runs schedule the next drain, which the queue runs right after this one.
    private func drain(_ db: Database) {
        let (writes, waiters, afterCommit) = state.withLock { state in
            state.scheduled = false
            defer {
                state.pending = []
                state.waiters = []
                state.afterCommit = []
            }
            return (state.pending, state.waiters, state.afterCommit)
        }
        let failure: RunStoreError?
        do {
            if !writes.isEmpty {
                try db.inTransaction {
                    for write in writes { try write(db) }
                    return .commit
                }
            }
            failure = nil
        } catch {
            failure = SQLiteFailure.storeError(error, location: location)
        }
        // A waiter that arrived while an earlier drain was failing is answered with that (sticky) failure, not with
        // this drain's own success: its writes were queued behind the lost ones.
        let answer = state.withLock { state -> RunStoreError? in
            state.outstanding -= writes.count
            if let failure, state.failure == nil { state.failure = failure }
            return state.failure
        }
        if answer == nil { for action in afterCommit { action() } }
        for waiter in waiters {
            if let answer { waiter.resume(throwing: answer) } else { waiter.resume() }
        }
    }
}
