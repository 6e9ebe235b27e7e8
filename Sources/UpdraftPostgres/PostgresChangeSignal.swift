import Logging
import PostgresNIO
import Synchronization
import Updraft

/// Change signals across every process and replica sharing the database, through LISTEN/NOTIFY: the statements that
/// change runs or DAGs call `pg_notify` on ``channel``, so the notification is sent when — and only if — their
/// transaction commits. Task-instance writes do not notify the schedulers, so a scheduler wakes when there is
/// something for it to do (a triggered or cleared run, an unpaused DAG), not on every commit; a batch that ends tries,
/// and a start that queues tries notify with the payload ``slotsPayload``, which wakes only the readers of
/// `slotSignals()`: engines waiting for a slot, claimers looking for queued tries; a claimed try's end notifies
/// with ``claimedTryEndPayload`` and its run, which wakes only that run's owner.
///
/// One pooled connection listens for the store's life. The store opens only once it listens, so no change made
/// after a stream was created is missed; when the connection breaks, the listener comes back and wakes every reader
/// once, for what may have changed meanwhile.
final class PostgresChangeSignal: Sendable {
    /// The notification channel (notifications are per database).
    static let channel = "updraft_changes"
    /// The SQL call that notifies the channel, sent when the statement's transaction commits.
    static let notification = "pg_notify('\(channel)', '')"
    /// The payload of a notification that tries ended (slots may be free) or were queued for claiming: woken readers
    /// are those of `slotSignals()`, not schedulers.
    static let slotsPayload = "slots"
    /// The SQL call that says tries ended or were queued, sent when the statement's transaction commits.
    static let slotsNotification = "pg_notify('\(channel)', '\(slotsPayload)')"
    /// The payload of a notification that a claimed try of a run ended, before the run's key
    /// (`KeyedChangeBroadcaster.runKey`): woken are the readers of that run's `claimedTryEndSignals`, its owner.
    static let claimedTryEndPayload = "ended "
    /// The SQL call that says a claimed try of the run of the dag_run row `r` ended.
    static let claimedTryEndNotification = "pg_notify('\(channel)', '\(claimedTryEndPayload)' || r.dag_id || ' ' || r.run_id)"

    private enum Readiness {
        case waiting(CheckedContinuation<Void, any Error>?)
        /// The first attempt's outcome: nil once listening, else its failure.
        case settled((any Error)?)
    }

    private let broadcaster = ChangeBroadcaster()
    private let slots = ChangeBroadcaster()
    private let claimedTryEnds = KeyedChangeBroadcaster()
    private let readiness = Mutex(Readiness.waiting(nil))
    private let listens = Atomic(0)

    init() {}

    /// Wakes this process's readers at once (the notification will wake them again: a spurious wake is allowed).
    func signal() { broadcaster.signal() }

    /// A stream woken by every change from now on.
    func stream() -> AsyncStream<Void> { broadcaster.stream() }

    /// A stream woken whenever tries ended, from now on.
    func slotStream() -> AsyncStream<Void> { slots.stream() }

    /// A stream woken whenever a claimed try of the run ended, from now on.
    func claimedTryEndStream(dagID: String, runID: String) -> AsyncStream<Void> {
        claimedTryEnds.stream(KeyedChangeBroadcaster.runKey(dagID: dagID, runID: runID))
    }

    /// How many times a LISTEN took effect (more than once after reconnections).
    var listenCount: Int { listens.load(ordering: .relaxed) }

    /// Returns once the first LISTEN took effect.
    /// - Throws: the failure of the first attempt (the store then does not open).
    func waitUntilListening() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = readiness.withLock { state in
                if case .settled(let error) = state { return error.map { .failure($0) } ?? .success(()) }
                state = .waiting(continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Listens until the calling task is cancelled, coming back after a broken connection.
    func listen(_ pool: PostgresPool) async {
        var delay = Duration.milliseconds(100)
        var listenedBefore = false
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        listens.add(1, ordering: .relaxed)
                        settle(nil)
                        if listenedBefore {
                            broadcaster.signal()
                            slots.signal()
                            claimedTryEnds.signalAll()
                        }
                        listenedBefore = true
                        delay = .milliseconds(100)
                        for try await notification in notifications {
                            let payload = notification.payload
                            if payload == Self.slotsPayload {
                                slots.signal()
                            } else if payload.hasPrefix(Self.claimedTryEndPayload) {
                                claimedTryEnds.signal(String(payload.dropFirst(Self.claimedTryEndPayload.count)))
                            } else {
                                broadcaster.signal()
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                settle(pool.failure(error))
                pool.logger.warning("listening for changes failed; listening again", metadata: [
                    "error": "\(pool.failure(error))", "retryIn": "\(delay)",
                ])
                // A back-off between reconnections, not a poll: the notifications themselves are the events.
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    private func settle(_ error: (any Error)?) {
        let waiter: CheckedContinuation<Void, any Error>? = readiness.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .settled(error)
            return continuation
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume() }
    }
}
