import Foundation
import Logging

/// Tries shared between processes (``Engine/Configuration/sharesTries``): the run's owner queues a try in the store
/// instead of running it, any process's ``TryWorker`` claims and runs it, and the owner collects its end — woken by
/// the store's signals of the run's claimed tries' ends, and every third of the claim duration to notice a claimer that died, whose tries it
/// takes over.
extension RunExecution {
    /// Whether the task's next try is queued for any process to claim. Branching tasks run here: their choice is
    /// their return value, which only the owner needs. So does a try reattaching to remote work: the owner has the
    /// handle.
    func queuesTry(of index: Int) -> Bool {
        configuration.sharesTries && !branching[index] && interrupted[index] == nil
    }

    /// The claim this process takes a try over with, once its claimer's claim lapsed.
    var ownerClaim: TryClaim {
        TryClaim(ownerID: TryWorker.processOwnerID, hostname: configuration.hostname,
                 expiresAt: clock.now().adding(configuration.tryClaimDuration))
    }

    /// Counts a queued try as running (its slots are held from now) until its end is collected.
    func queue(_ index: Int, as queued: TaskInstanceRecord) {
        // Stored as running (its slots held), shown as queued until a claimer writes its start.
        adoptRemote(index, queued)
        emit(.task(taskID: dag.tasks[index].taskID, state: .queued, tryNumber: queued.tryNumber))
    }

    /// Counts a try that is out as running until its end is collected: one this run queues, or, on resume, one
    /// still queued, running under a live claim, or ended but not collected.
    func adoptRemote(_ index: Int, _ record: TaskInstanceRecord) {
        records[index] = record
        decided[index] = true
        holdSlots(of: index)
        remote.insert(index)
    }

    /// Keeps the watch on queued tries armed while any is out: a signal watcher and a check timer, each one child.
    func armClaimWatch(_ group: inout TaskGroup<ChildResult>) {
        guard !remote.isEmpty, stopReason == nil else { return }
        if claimSignals == nil {
            // Subscribed before the first collection, so that no end written after it is missed.
            claimSignals = store.claimedTryEndSignals(dagID: dag.dagID, runID: runID)
            collectClaims(&group)
        }
        if !claimSignalWatched, let signals = claimSignals {
            claimSignalWatched = true
            backgroundChildren += 1
            group.addTask {
                for await _ in signals { return .claimSignal }
                return .claimSignalsEnded
            }
        }
        if !claimCheckArmed {
            claimCheckArmed = true
            backgroundChildren += 1
            let timer = clock.makeTimer(until: clock.now().adding(configuration.tryClaimDuration / 3))
            group.addTask {
                do {
                    try await timer.wait()
                    return .claimCheckDue
                } catch {
                    return .claimCheckCancelled
                }
            }
        }
    }

    /// Reads what became of the queued tries, one reading at a time (a request meanwhile reads again after it).
    func collectClaims(_ group: inout TaskGroup<ChildResult>) {
        guard !collectingClaims else {
            collectAgain = true
            return
        }
        collectingClaims = true
        let store = store
        let dagID = dag.dagID
        let runID = runID
        let claim = ownerClaim
        let now = clock.now()
        group.addTask {
            do {
                return .claimsCollected(try await store.collectClaimedTries(dagID: dagID, runID: runID,
                                                                            takeOver: claim, now: now))
            } catch {
                return .claimCollectionFailed(String(describing: error))
            }
        }
    }

    func handleClaimEvent(_ result: ChildResult, _ group: inout TaskGroup<ChildResult>) {
        switch result {
        case .claimSignal:
            backgroundChildren -= 1
            claimSignalWatched = false
            collectClaims(&group)
        case .claimSignalsEnded:
            backgroundChildren -= 1
            claimSignalWatched = false
            claimSignals = nil
        case .claimCheckDue:
            clockWorkToRelease += 1  // a fired timer counts as clock work until handled
            backgroundChildren -= 1
            claimCheckArmed = false
            collectClaims(&group)
        case .claimCheckCancelled:
            backgroundChildren -= 1
            claimCheckArmed = false
        case .claimsCollected(let collection):
            collectingClaims = false
            apply(collection, &group)
            if collectAgain {
                collectAgain = false
                collectClaims(&group)
            }
        case .claimCollectionFailed(let failure):
            collectingClaims = false
            // The next signal or check reads again; a store down for longer loses the run's lease anyway.
            configuration.logger.warning("could not read the run's queued tries: \(configuration.masker.mask(failure))",
                                         metadata: [LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)"])
        default:
            break
        }
    }

    /// Ends the tries whose claimer wrote their end, and takes over those whose claimer's claim lapsed.
    private func apply(_ collection: ClaimedTryCollection, _ group: inout TaskGroup<ChildResult>) {
        for claimedEnd in collection.ended {
            let attempt = claimedEnd.attempt
            guard let index = dag.index(of: claimedEnd.taskID), remote.contains(index),
                  attempt.tryNumber == records[index].tryNumber, let end = attempt.endDate else { continue }
            remote.remove(index)
            // The claimer's start and host; the owner's handling writes the try's state again.
            records[index].tries[records[index].tries.count - 1] = attempt
            handle(Self.report(index, attempt, end: end), &group)
        }
        for record in collection.takenOver {
            guard let index = dag.index(of: record.taskID), remote.contains(index), let attempt = record.tries.last,
                  attempt.tryNumber == records[index].tryNumber else { continue }
            remote.remove(index)
            takeOver(index, record, &group)
        }
    }

    /// A claimed try's end as the owner handles a try of its own.
    private static func report(_ index: Int, _ attempt: TryRecord, end: Date) -> TryReport {
        let message = attempt.error ?? "failed"
        let outcome: TryOutcome
        switch attempt.state {
        case .success: outcome = .success(nil)
        case .skipped: outcome = .skipped(attempt.error ?? "skipped")
        case .upForRetry: outcome = .failed(message, retryable: true)
        default: outcome = .failed(message, retryable: false)
        }
        return TryReport(index: index, tryNumber: attempt.tryNumber, start: attempt.startDate, end: end,
                         outcome: outcome, willRetry: attempt.state == .upForRetry)
    }

    /// A try whose claimer died: with remote work recorded, this process reattaches to it under the same try
    /// number; without, the try was interrupted before it started anything, and fails (retrying if it can).
    private func takeOver(_ index: Int, _ record: TaskInstanceRecord, _ group: inout TaskGroup<ChildResult>) {
        records[index].tries = record.tries
        let last = records[index].tries.count - 1
        let attempt = records[index].tries[last]
        let claimer = attempt.hostname ?? "another process"
        guard let handle = attempt.externalHandle else {
            handle(TryReport(index: index, tryNumber: attempt.tryNumber, start: attempt.startDate, end: clock.now(),
                             outcome: .failed("interrupted: its claim by \(claimer) lapsed (the process stopped) "
                                              + "before it recorded any remote work", retryable: true),
                             willRetry: attempt.tryNumber < records[index].maxTries), &group)
            return
        }
        log(index, .warning, "its claim by \(claimer) lapsed: reattaching to its remote work here")
        interrupted[index] = handle
        records[index].tries[last].hostname = configuration.hostname
        setState(index, .running)
        persist(index)
        let runner = TryRunner(index: index, node: dag.tasks[index], context: context(for: index), store: store,
                               clock: clock, alertHook: configuration.alertHook, hostname: configuration.hostname,
                               clearsXComs: false, branchTargets: nil)
        clock.workBegan()
        group.addTask { .tryFinished(await runner.run()) }
    }

    /// A stopped run lets go of its queued tries: ended as cancelled, which their claimers notice at their next
    /// renewal and stop (cleaning up); a run whose lease was lost leaves them to the new owner.
    func releaseRemote(_ reason: StopReason, _ group: inout TaskGroup<ChildResult>) {
        let out = remote.sorted()
        remote.removeAll()
        for index in out {
            if case .leaseLost = reason {
                releaseSlots(of: index)
                continue
            }
            let attempt = records[index].tries.last
            handle(TryReport(index: index, tryNumber: records[index].tryNumber,
                             start: attempt?.startDate ?? clock.now(), end: clock.now(),
                             outcome: .cancelled("cancelled while queued or running in another process"),
                             willRetry: false), &group)
        }
    }
}
