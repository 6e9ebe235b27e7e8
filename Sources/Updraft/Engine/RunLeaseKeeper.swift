import Foundation

/// This engine's claim on one run (``RunLease``): taken when the run starts or resumes, renewed every third of its
/// duration while the run runs, released when it ends. A process killed with `kill -9` never releases it; it then
/// lapses after its duration, and a resume takes the run over.
struct RunLeaseKeeper: Sendable {
    let store: any RunStore
    let clock: any UpdraftClock
    let duration: Duration
    let dagID: String
    let runID: String
    /// Unique per run start: a second `Engine.run` of the same run in this process is a second owner.
    let ownerID = UUID().uuidString
    let hostname: String
    let pid = ProcessInfo.processInfo.processIdentifier

    /// The lease as renewed at `now`.
    func lease(at now: Date) -> RunLease {
        RunLease(ownerID: ownerID, hostname: hostname, pid: pid, expiresAt: now.adding(duration))
    }

    /// Takes the run; throws ``RunStoreError/runOwned(dagID:runID:owner:)`` while another owner's lease is live and,
    /// with `maxActiveRuns`, ``RunStoreError/activeRunsFull(dagID:runID:limit:)`` for a queued run of a full DAG.
    func acquire(maxActiveRuns: Int?) async throws -> Date {
        let now = clock.now()
        let lease = lease(at: now)
        try await take(lease, now: now, maxActiveRuns: maxActiveRuns)
        return lease.expiresAt
    }

    /// Takes the run from `owner`, known to be dead, as if its lease had lapsed (the store still refuses if someone
    /// else took it meanwhile).
    func acquire(after owner: RunLease, maxActiveRuns: Int?) async throws -> Date {
        let lease = lease(at: clock.now())
        try await take(lease, now: max(clock.now(), owner.expiresAt), maxActiveRuns: maxActiveRuns)
        return lease.expiresAt
    }

    private func take(_ lease: RunLease, now: Date, maxActiveRuns: Int?) async throws {
        if let maxActiveRuns {
            try await store.acquireLease(lease, dagID: dagID, runID: runID, now: now, maxActiveRuns: maxActiveRuns)
        } else {
            try await store.acquireLease(lease, dagID: dagID, runID: runID, now: now)
        }
    }

    /// Renews the lease until the calling task is cancelled (then returns nil), or until it is lost: taken over by
    /// another owner, or not renewed before it expired (the store unreachable for a whole lease). Then it returns
    /// why, and the run must stop without writing anything more: the run is someone else's.
    func keepRenewed(expiringAt firstExpiry: Date) async -> String? {
        var expiresAt = firstExpiry
        while !Task.isCancelled {
            let timer = clock.makeTimer(until: clock.now().adding(duration / 3))
            do {
                try await timer.wait()
            } catch {
                return nil
            }
            // A fired timer counts as clock work until handled (see ``UpdraftClock/workBegan()``).
            defer { clock.workEnded() }
            let lease = lease(at: clock.now())
            do {
                try await store.renewLease(lease, dagID: dagID, runID: runID)
                expiresAt = lease.expiresAt
            } catch RunStoreError.leaseLost {
                return "its lease on the run was taken over by another process"
            } catch {
                if clock.now() >= expiresAt {
                    return "its lease on the run expired: it could not be renewed (\(error))"
                }
            }
        }
        return nil
    }

    /// Gives the run up (best effort: a lease that stays expires anyway).
    func release() async {
        try? await store.releaseLease(ownerID: ownerID, dagID: dagID, runID: runID)
    }
}
