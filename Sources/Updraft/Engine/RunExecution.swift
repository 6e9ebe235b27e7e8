import Foundation
import Logging

/// One run of a DAG: the state machine the engine drives. Owned by the task that called `Engine.run`; children of
/// its task group only run tries and timers and report back, so the state needs no lock.
///
/// This file holds the state and the run's loop; how a run starts (its id, resuming) is in `RunExecution+Start`,
/// which tasks start in `RunExecution+Decisions`, what a finished try or a stop does in `RunExecution+Results`, a
/// branch's choice in `RunExecution+Branch`, state changes and the end in `RunExecution+State`.
final class RunExecution {
    enum StopReason: Equatable {
        case failFast, dagrunTimeout, cancelled, storeFailure(String), leaseLost(String)

        /// Whether tasks not yet started stay as they are (so that a resume picks them up), rather than skipped.
        var leavesTasksPending: Bool {
            switch self {
            case .cancelled, .leaseLost: true
            case .failFast, .dagrunTimeout, .storeFailure: false
            }
        }
    }

    enum ChildResult: Sendable {
        case tryFinished(TryReport)
        case retryDue(Int)
        case retryCancelled(Int)
        case runTimedOut
        case runTimerCancelled
        /// The lease heartbeat ended: cancelled at the run's end, or the lease was lost (why).
        case heartbeatEnded(lost: String?)
        /// A try ended somewhere (``RunStore/slotSignals()``), or the wait was cancelled: the tries the store
        /// refused may fit now.
        case slotsMayBeFree
        /// Tries queued for other processes (``Engine/Configuration/sharesTries``): a slot signal arrived (one may
        /// have ended), the signals ended (the watch was cancelled), the periodic check for lapsed claims is due or
        /// was cancelled, what became of them was read, or could not be.
        case claimSignal, claimSignalsEnded, claimCheckDue, claimCheckCancelled
        case claimsCollected(ClaimedTryCollection)
        case claimCollectionFailed(String)
    }

    let dag: DAG
    let configuration: Engine.Configuration
    /// Set once the run is claimed in the store, before anything uses it.
    var runID = ""
    /// The caller's, or the stored run's when resuming.
    var logicalDate: Date
    var logicalDateText: String
    /// The DAG's params with the caller's overrides, or the stored run's when resuming without overrides.
    var params: [String: JSONValue]
    let paramOverrides: [String: JSONValue]
    let events: RunEventSink?
    /// Created on first use, once the run id is known (the log files are named after it).
    lazy var logs = TaskLogStore(directory: configuration.logDirectory.map(TaskLogDirectory.init(root:)),
                                 dagID: dag.dagID, runID: runID, tailLines: configuration.logTailLines)
    let hooks: HookResolver
    var clock: any UpdraftClock { configuration.clock }
    var store: any RunStore { configuration.store }

    var runRecord: DAGRunRecord
    var records: [TaskInstanceRecord]
    var counts: [UpstreamCounts]
    var decided: [Bool]
    /// Tasks that ended skipped or upstream-failed by their trigger rule without running: a branch that overwrites
    /// one of their upstream tasks makes them decide again.
    var propagated: [Bool]
    /// The retry timers waiting, which a branch cancels when it skips the task.
    var retryWakes: [Int: RetryWake] = [:]
    var pastBlocked: [Bool]
    var priorities: [Int] = []
    /// Which tasks run a ``BranchingOperator`` (one dynamic cast per task and run, not per try).
    let branching: [Bool]
    var ready = ReadyQueue()
    var blockedByPool: [String: [Int]] = [:]
    /// Tasks whose start the store refused: the DAG's `maxActiveTasks` or a pool is full across every run and
    /// process. They go back to the ready queue when a try ends.
    var waitingForSlot: [Int] = []
    /// Opened at the first refusal (see `waitForSlots`).
    var slotSignals: AsyncStream<Void>?
    var slotWaiterActive = false
    /// Tasks whose try is queued for another process, or claimed by one (``Engine/Configuration/sharesTries``).
    var remote: Set<Int> = []
    /// The watch on those tries (see `RunExecution+Claims`).
    var claimSignals: AsyncStream<Void>?
    var claimSignalWatched = false
    var claimCheckArmed = false
    var collectingClaims = false
    var collectAgain = false
    lazy var slotLimits = TrySlotLimits(maxActiveTasks: dag.maxActiveTasks, poolSizes: configuration.pools.slots)
    var poolUsage: [String: Int] = [:]
    var running = 0
    var retriesWaiting = 0
    /// Children that are not tries or retry waits (the dagrun timer, the lease heartbeat): cancelled once the run
    /// has nothing else left, so that the group ends.
    var backgroundChildren = 0
    /// This run's claim in the store, when the configuration asks for one; `leaseExpiry` is its first expiry.
    var leaseKeeper: RunLeaseKeeper?
    var leaseExpiry = Date.distantPast
    /// Resumed tasks whose interrupted try left remote work to reattach to, by task index.
    var interrupted: [Int: ExternalHandle] = [:]
    /// Resumed tasks that were waiting for a retry, and when it is due.
    var resumedRetries: [(index: Int, due: Date)] = []
    /// Tries decided on but not yet started: they start once their start is written (write-ahead).
    var launches: [TryRunner] = []
    var stopReason: StopReason?
    var worklist: [Int] = []
    /// Clock work counts (finished tries, fired timers) to hand back once the current event is fully handled.
    var clockWorkToRelease = 0
    /// Task instances changed since the last store write.
    var dirty: [Bool]
    var dirtyIndices: [Int] = []
    /// Whether this run resumed a stored one (XComs of earlier tries may then exist).
    var resumed = false

    init(dag: DAG, configuration: Engine.Configuration, logicalDate: Date, paramOverrides: [String: JSONValue],
         events: RunEventSink?) {
        self.dag = dag
        self.configuration = configuration
        self.logicalDate = logicalDate
        self.logicalDateText = RunExecution.isoDate(logicalDate)
        self.params = dag.params.merging(paramOverrides) { _, override in override }
        self.paramOverrides = paramOverrides
        self.events = events
        self.hooks = HookResolver(connections: configuration.connections, overrides: configuration.hookOverrides,
                                  requiresOverrides: configuration.requiresHookOverrides, masker: configuration.masker)
        self.runRecord = DAGRunRecord(dagID: dag.dagID, runID: "", logicalDate: logicalDate, state: .queued,
                                      params: params)
        self.records = dag.tasks.map {
            TaskInstanceRecord(taskID: $0.taskID, maxTries: $0.retries + 1, pool: $0.pool, poolSlots: $0.poolSlots)
        }
        self.counts = dag.tasks.indices.map { UpstreamCounts(total: dag.graph.upstreamCount(of: $0)) }
        self.decided = Array(repeating: false, count: dag.tasks.count)
        self.propagated = Array(repeating: false, count: dag.tasks.count)
        self.branching = dag.tasks.map { $0.op is any BranchingOperator }
        self.pastBlocked = Array(repeating: false, count: dag.tasks.count)
        self.dirty = Array(repeating: false, count: dag.tasks.count)
    }

    static func isoDate(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon)) + "+00:00"
    }

    /// Checks that every task's pool exists and is large enough, before a run is created.
    static func checkPools(of dag: DAG, in pools: Pools) throws {
        for task in dag.tasks {
            guard let size = pools.slots[task.pool] else {
                throw EngineError(dagID: dag.dagID, message: """
                    task '\(task.taskID)' uses pool '\(task.pool)', which does not exist \
                    (pools: \(pools.slots.keys.sorted().joined(separator: ", ")))
                    """)
            }
            guard task.poolSlots <= size else {
                throw EngineError(dagID: dag.dagID, message: """
                    task '\(task.taskID)' needs \(task.poolSlots) slots of pool '\(task.pool)', which has \(size)
                    """)
            }
        }
    }

    // MARK: Running

    /// Runs the DAG: a new run, or with `resume` the stored run `requestedRunID`; `seen` is that run as the caller
    /// read it when it chose to resume it (by default, as the engine reads it before taking its lease).
    func run(requestedRunID: String?, resume: Bool, seen: DAGRunRecord? = nil) async throws -> DAGRunResult {
        do {
            try await prepare(requestedRunID: requestedRunID, resume: resume, seen: seen)
        } catch {
            // A run that never started gives its lease back at once instead of leaving it to lapse.
            await leaseKeeper?.release()
            throw error
        }
        clock.workBegan()
        defer { clock.workEnded() }
        await withTaskGroup(of: ChildResult.self) { group in
            if let timeout = dag.dagrunTimeout {
                backgroundChildren += 1
                let timer = clock.makeTimer(until: runStart.adding(timeout))
                group.addTask {
                    do {
                        try await timer.wait()
                        return .runTimedOut
                    } catch {
                        return .runTimerCancelled
                    }
                }
            }
            if let keeper = leaseKeeper {
                backgroundChildren += 1
                group.addTask { [leaseExpiry] in .heartbeatEnded(lost: await keeper.keepRenewed(expiringAt: leaseExpiry)) }
            }
            for retry in resumedRetries { waitForRetry(retry.index, until: retry.due, &group) }
            propagate()
            await schedule(&group)
            armClaimWatch(&group)
            finishTimerIfIdle(&group)
            if let failure = await flushWrites() { stop(.storeFailure(failure), &group) }
            while true {
                clock.workEnded()
                let next = await group.next()
                clock.workBegan()
                guard let next else { break }
                // Before the result: a retry timer ended by the cancellation is then seen as cancelled, not stopped.
                if Task.isCancelled, stopReason == nil { stop(.cancelled, &group) }
                handle(next, &group)
                if Task.isCancelled, stopReason == nil { stop(.cancelled, &group) }
                propagate()
                if let failure = await flushWrites(), stopReason == nil {
                    stop(.storeFailure(failure), &group)
                    propagate()
                }
                await schedule(&group)
                armClaimWatch(&group)
                finishTimerIfIdle(&group)
                // Only now, with the consequences started, may a test clock move on.
                for _ in 0..<clockWorkToRelease { clock.workEnded() }
                clockWorkToRelease = 0
            }
        }
        return await finish()
    }

    /// The run's start on its clock (the dagrun timeout counts from here).
    lazy var runStart: Date = clock.now()
}
