import Foundation
import Logging

/// Runs the tries that runs' owners queued in the store (``Engine/Configuration/sharesTries``), in whichever
/// process has room: every replica of a service runs one, so one wide run spreads over all of them, as Airflow's
/// executors run the task instances its schedulers queue.
///
/// A worker claims queued tries of the DAGs it knows (``RunStore/claimTries(_:dagIDs:limit:now:)``, each try claimed
/// by exactly one process), up to ``capacity`` at a time, runs each with its operator, callbacks and alerts, and
/// writes its end under the claim (``RunStore/endClaimedTry(_:taskID:dagID:runID:ownerID:)``); the run's owner
/// collects it and decides what follows. Its claims are renewed every third of
/// ``Engine/Configuration/tryClaimDuration``. A try the worker no longer holds — its run was stopped, or its claim
/// lapsed and the run's owner took it over — is cancelled here (its operator's `onKill` cleans up) and nothing of it
/// is written. A try cut short by the worker's own cancellation is written as failed, so that it retries.
public struct TryWorker: Sendable {
    /// This process's identity in claims: its run owners never take over its own claims.
    static let processOwnerID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):"
        + UUID().uuidString

    /// The DAGs whose tries it runs, by id.
    public let dags: [String: DAG]
    /// The store, clock, connections, hooks, pools, logs and claim duration it runs with.
    public let configuration: Engine.Configuration
    /// How many tries it runs at once (Airflow's `parallelism`, per process).
    public let capacity: Int
    private let runs = RunRecordCache()

    /// A worker for `dags`.
    public init(dags: [DAG], configuration: Engine.Configuration, capacity: Int = 32) {
        self.dags = Dictionary(dags.map { ($0.dagID, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
        self.capacity = max(1, capacity)
    }

    private enum Event: Sendable {
        case signal
        case signalsEnded
        case renewalDue
        case renewalCancelled
        case tryEnded(TryKey)
    }

    private struct TryKey: Hashable, Sendable {
        var dagID: String
        var runID: String
        var taskID: String
        var tryNumber: Int
    }

    /// Claims and runs tries until the calling task is cancelled; then the tries running are cancelled (their
    /// operators clean up) and written as failed before it returns.
    public func run() async {
        let store = configuration.store
        let signals = store.slotSignals()
        await withTaskGroup(of: Event.self) { group in
            var revocations: [TryKey: AsyncStream<Void>.Continuation] = [:]
            var signalWatched = false
            var renewalArmed = false
            var claimedUntil = Date.distantPast
            while !Task.isCancelled {
                if revocations.count < capacity {
                    let (tries, expiresAt) = await claim(limit: capacity - revocations.count)
                    // The earliest expiry of the claims held: the renewals' (all alike), or this claim's when none.
                    if !tries.isEmpty, claimedUntil < configuration.clock.now() { claimedUntil = expiresAt }
                    for claimed in tries {
                        let key = TryKey(dagID: claimed.dagID, runID: claimed.runID, taskID: claimed.taskID,
                                         tryNumber: claimed.tryNumber)
                        let (revoked, revoke) = AsyncStream<Void>.makeStream()
                        revocations[key] = revoke
                        group.addTask {
                            await runTry(claimed, revoked: revoked)
                            return .tryEnded(key)
                        }
                    }
                }
                if !signalWatched {
                    signalWatched = true
                    group.addTask {
                        for await _ in signals { return .signal }
                        return .signalsEnded
                    }
                }
                if !renewalArmed, !revocations.isEmpty {
                    renewalArmed = true
                    let timer = configuration.clock.makeTimer(
                        until: configuration.clock.now().adding(configuration.tryClaimDuration / 3))
                    group.addTask {
                        do {
                            try await timer.wait()
                            return .renewalDue
                        } catch {
                            return .renewalCancelled
                        }
                    }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .signal:
                    signalWatched = false
                case .signalsEnded:
                    group.cancelAll()
                case .renewalDue:
                    configuration.clock.workEnded()
                    renewalArmed = false
                    let held = await renew(until: &claimedUntil)
                    for (key, revoke) in revocations where !(held?.contains(key) ?? true) {
                        configuration.logger.warning("a claimed try was taken away: stopping it", metadata: [
                            LoggingKeys.dagID: "\(key.dagID)", LoggingKeys.runID: "\(key.runID)",
                            LoggingKeys.taskID: "\(key.taskID)",
                        ])
                        revoke.finish()
                    }
                case .renewalCancelled:
                    renewalArmed = false
                case .tryEnded(let key):
                    revocations[key] = nil
                }
            }
            group.cancelAll()
        }
    }

    /// The tries claimed, and when their claim lapses unless renewed.
    private func claim(limit: Int) async -> ([ClaimedTry], Date) {
        let clock = configuration.clock
        let claim = TryClaim(ownerID: Self.processOwnerID, hostname: configuration.hostname,
                             expiresAt: clock.now().adding(configuration.tryClaimDuration))
        do {
            return (try await configuration.store.claimTries(claim, dagIDs: dags.keys.sorted(), limit: limit,
                                                             now: clock.now()), claim.expiresAt)
        } catch {
            configuration.logger.warning(
                "could not claim queued tries: \(configuration.masker.mask(String(describing: error)))")
            return ([], claim.expiresAt)
        }
    }

    /// Renews every claim; nil when the store could not be reached and the claims may still be live.
    private func renew(until claimedUntil: inout Date) async -> Set<TryKey>? {
        let clock = configuration.clock
        let claim = TryClaim(ownerID: Self.processOwnerID, hostname: configuration.hostname,
                             expiresAt: clock.now().adding(configuration.tryClaimDuration))
        do {
            let held = try await configuration.store.renewTryClaims(claim)
            claimedUntil = claim.expiresAt
            return Set(held.map { TryKey(dagID: $0.dagID, runID: $0.runID, taskID: $0.taskID, tryNumber: $0.tryNumber) })
        } catch {
            configuration.logger.warning(
                "could not renew claims: \(configuration.masker.mask(String(describing: error)))")
            // Past their expiry the tries may be someone else's: stop them all.
            return clock.now() >= claimedUntil ? [] : nil
        }
    }

    /// Runs one claimed try and writes its end, unless it was revoked.
    private func runTry(_ claimed: ClaimedTry, revoked: AsyncStream<Void>) async {
        let store = configuration.store
        let metadata: Logger.Metadata = [
            LoggingKeys.dagID: "\(claimed.dagID)", LoggingKeys.runID: "\(claimed.runID)",
            LoggingKeys.taskID: "\(claimed.taskID)",
        ]
        guard let dag = dags[claimed.dagID], let index = dag.index(of: claimed.taskID) else { return }
        let run: DAGRunRecord
        do {
            guard let stored = try await runs.record(dagID: claimed.dagID, runID: claimed.runID, read: {
                try await store.run(dagID: claimed.dagID, runID: claimed.runID)
            }) else { return }
            run = stored
        } catch {
            // Left to lapse: the run's owner takes the try over and counts it as interrupted.
            let failure = configuration.masker.mask(String(describing: error))
            configuration.logger.error("could not read the claimed try's run: \(failure)", metadata: metadata)
            return
        }
        let task = dag.tasks[index]
        let logs = TaskLogStore(directory: configuration.logDirectory.map(TaskLogDirectory.init(root:)),
                                dagID: claimed.dagID, runID: claimed.runID, tailLines: configuration.logTailLines)
        let hooks = HookResolver(connections: configuration.connections, overrides: configuration.hookOverrides,
                                 requiresOverrides: configuration.requiresHookOverrides, masker: configuration.masker)
        let context = TryContext.make(task: task, dag: dag, run: run, params: run.params, overrides: run.conf,
                                      tryNumber: claimed.tryNumber, maxTries: claimed.maxTries, logs: logs,
                                      hooks: hooks, configuration: configuration, interruptedWork: nil)
        let runner = TryRunner(index: index, node: task, context: context, store: store, clock: configuration.clock,
                               alertHook: configuration.alertHook, hostname: configuration.hostname,
                               clearsXComs: claimed.tryNumber > 1, branchTargets: nil)
        let report: TryReport? = await withTaskGroup(of: TryReport?.self) { group in
            group.addTask { await runner.run() }
            group.addTask {
                for await _ in revoked {}
                return nil
            }
            var report: TryReport?
            var revokedFirst = false
            for await result in group {
                if let result { report = result } else if report == nil { revokedFirst = true }
                group.cancelAll()
            }
            return revokedFirst ? nil : report
        }
        defer { logs.finishTry(taskID: claimed.taskID, tryNumber: claimed.tryNumber) }
        guard let report else { return }
        let attempt = Self.attempt(claimed, report, hostname: configuration.hostname)
        do {
            try await store.endClaimedTry(attempt, taskID: claimed.taskID, dagID: claimed.dagID,
                                          runID: claimed.runID, ownerID: Self.processOwnerID)
        } catch {
            let failure = configuration.masker.mask(String(describing: error))
            configuration.logger.warning("the try's end was not written: \(failure)", metadata: metadata)
        }
    }

    /// The try's record as its end leaves it; a try cut short by this process's stop fails, retrying if it can.
    private static func attempt(_ claimed: ClaimedTry, _ report: TryReport, hostname: String) -> TryRecord {
        var attempt = TryRecord(tryNumber: claimed.tryNumber, startDate: report.start, endDate: report.end,
                                state: .success, hostname: hostname)
        switch report.outcome {
        case .success:
            break
        case .skipped(let reason):
            attempt.state = .skipped
            attempt.error = reason
        case .failed(let message, _), .timedOut(let message):
            attempt.state = report.willRetry ? .upForRetry : .failed
            attempt.error = message
        case .cancelled(let message):
            attempt.state = claimed.tryNumber < claimed.maxTries ? .upForRetry : .failed
            attempt.error = "\(message): the process running it stopped"
        }
        return attempt
    }
}
