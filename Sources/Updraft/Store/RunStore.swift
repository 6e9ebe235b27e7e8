public import Foundation

/// Where runs live: run and task-instance state, tries, XCom values, the handles of remote work and the lease of the
/// process running each run. The engine writes every state change here before acting on it, so an interrupted run
/// can be resumed — by the same process, a restarted one, or another replica — and its remote work reattached.
///
/// ``InMemoryRunStore`` keeps everything in the process (tests, `dag.test`); `SQLiteRunStore` (module
/// `UpdraftSQLite`) is the durable default of DAG executables. Every implementation passes the same conformance
/// suite.
///
/// ## Ordering and durability
/// Writes take effect in the order they were made. ``saveTaskInstances(_:dagID:runID:)`` may return before its
/// write is durable (a durable store batches it with others), and a failure may then surface from a later call —
/// except a batch that starts a try (``TaskInstanceRecord/startsTry``): it returns once that start is durable, as
/// the engine runs the try's operator next, and a process killed while the operator runs must leave the try in the
/// store for the resume to count it as interrupted instead of running the operator again as its first try (its
/// commit failing is still reported by a later call);
/// ``recordExternalHandle(_:taskID:tryNumber:dagID:runID:)``, ``createRun(_:)``, ``saveRun(_:)`` and ``sync()``
/// return only once everything written before them is durable. So when an operator starts remote work after
/// recording its handle, every state change that led to it is on disk too. Reads see every write made before them.
public protocol RunStore: Sendable {
    // MARK: Runs

    /// Creates a run.
    /// - Throws: ``RunStoreError/runExists(dagID:runID:)`` when the DAG has a run with that id;
    ///   ``RunStoreError/logicalDateTaken(dagID:logicalDate:existingRunID:)`` when the run is scheduled or a
    ///   backfill and another scheduled or backfill run of the DAG has its logical date.
    func createRun(_ run: DAGRunRecord) async throws
    /// Replaces a stored run's record (creating it if absent).
    func saveRun(_ run: DAGRunRecord) async throws
    /// The run `runID` of `dagID`, if stored.
    func run(dagID: String, runID: String) async throws -> DAGRunRecord?
    /// The latest run of `dagID` whose logical date is before `logicalDate`.
    func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord?
    /// The runs matching `query`, newest logical date first unless the query asks otherwise.
    func runs(matching query: RunQuery) async throws -> [DAGRunRecord]
    /// How many runs match `query` (its limit and offset ignored).
    func countRuns(matching query: RunQuery) async throws -> Int
    /// For each of `dagIDs`, its `latest` newest runs (newest first) and its failed-run count — the DAG list of a
    /// thousand DAGs in one call. DAGs without runs may be left out.
    func runsOverview(dagIDs: [String], latest: Int) async throws -> [String: DAGRunsOverview]
    /// Deletes a run with its task instances, tries, XCom values and lease; false when there was no such run.
    func deleteRun(dagID: String, runID: String) async throws -> Bool

    // MARK: Task instances

    /// Creates or replaces task instances of a run, with their tries (the engine writes in batches; its first batch
    /// of a run holds every task instance, as Airflow creates them with the DAG run).
    func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws
    /// Starts tries where `limits` leave room, counted against every running try in the store — every run of the
    /// DAG for `maxActiveTasks`, every DAG for a pool — atomically with writing the starts, so that runs and
    /// processes sharing the store never exceed them between them.
    ///
    /// `instances` are the task instances to start (each ``TaskInstanceRecord/startsTry``, or
    /// ``TaskInstanceRecord/queuesTry`` for a try any process sharing the store may claim), highest priority first;
    /// their own stored rows do not count. A running try counts while its run is running and owned — under a lease
    /// live at `now`, or under none (an engine without leases) — so the tries a killed process left behind stop
    /// counting once its lease lapses, and the run's own tries always count. Those that fit
    /// (``TrySlotLimits/admit(_:running:poolUsage:)``) are written as ``saveTaskInstances(_:dagID:runID:)`` writes
    /// them and durable on return; the others are not written at all.
    /// - Returns: The task ids started, in the order given.
    func startTries(_ instances: [TaskInstanceRecord], dagID: String, runID: String, limits: TrySlotLimits,
                    now: Date) async throws -> [String]
    /// Every stored task instance of a run, by task id.
    func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord]
    /// The task instances of `dagID` in `states` across its runs (or in every run listed in `runIDs`), for the
    /// scheduler and the UI.
    func taskInstances(dagID: String, runIDs: [String]?, states: Set<TaskInstanceState>?) async throws
        -> [StoredTaskInstance]
    /// The state of every task instance of `runIDs` of `dagID`, without their tries (a grid of runs × tasks).
    func taskInstanceStates(dagID: String, runIDs: [String]) async throws -> [TaskInstanceStateRecord]
    /// Records, durably before returning, how to find the remote work of try `tryNumber` of a task (replacing what
    /// that try recorded before).
    func recordExternalHandle(_ handle: ExternalHandle, taskID: String, tryNumber: Int, dagID: String,
                              runID: String) async throws
    /// The handles every try of a task in a run recorded, by try number.
    func externalHandles(taskID: String, dagID: String, runID: String) async throws -> [Int: ExternalHandle]

    // MARK: Claimed tries

    /// Claims up to `limit` queued tries of the DAGs in `dagIDs`, oldest first, for `claim`: tries a run's owner
    /// started with ``startTries(_:dagID:runID:limits:now:)`` as queued (the task instance running, its last try
    /// ``TaskInstanceState/queued``), so that whichever process sharing the store has room runs them. Tries that
    /// another claimer is taking at the same moment are skipped, not waited for (PostgreSQL's
    /// `FOR UPDATE SKIP LOCKED`): each queued try is claimed by exactly one claimer. A claimed try is running from
    /// `now` on `claim.hostname`; the claim is durable on return.
    func claimTries(_ claim: TryClaim, dagIDs: [String], limit: Int, now: Date) async throws -> [ClaimedTry]
    /// Extends to `claim.expiresAt` every claim of `claim.ownerID` on a try that is still running, and returns those
    /// tries. A try it held and that is missing was taken away — its run's owner stopped the run or took the try
    /// over after the claim lapsed — and its claimer stops it without writing anything.
    func renewTryClaims(_ claim: TryClaim) async throws -> [ClaimedTry]
    /// Writes how a claimed try ended (`attempt`, with its end date), durably, while `ownerID` still holds the claim
    /// and the try is running; the task instance stays running until the run's owner collects the end
    /// (``collectClaimedTries(dagID:runID:takeOver:now:)``), which ``claimedTryEndSignals(dagID:runID:)`` wakes it
    /// for.
    /// - Throws: ``RunStoreError/tryClaimLost(dagID:runID:taskID:tryNumber:)`` when the claim was taken away.
    func endClaimedTry(_ attempt: TryRecord, taskID: String, dagID: String, runID: String, ownerID: String)
        async throws
    /// What became of the run's queued tries, for its owner: those whose claimer wrote their end; those whose claim
    /// lapsed at `now`, claimed by `claim` (the owner) in the same transaction, so a claimer that comes back can no
    /// longer end them; and those still out.
    func collectClaimedTries(dagID: String, runID: String, takeOver claim: TryClaim, now: Date) async throws
        -> ClaimedTryCollection

    // MARK: XCom

    /// Stores an XCom value.
    func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws
    /// A stored XCom value.
    func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue?
    /// Every XCom value of a run (of one task when `taskID` is given), by task id then key.
    func xcoms(dagID: String, runID: String, taskID: String?) async throws -> [XComRecord]
    /// Removes every XCom value of a task in a run (done when a new try starts, as Airflow does).
    func clearXComs(taskID: String, dagID: String, runID: String) async throws

    // MARK: Ownership

    /// Makes `lease` the owner of a run, unless another owner's lease is still valid at `now`.
    /// - Throws: ``RunStoreError/runOwned(dagID:runID:owner:)`` naming the live owner;
    ///   ``RunStoreError/runNotFound(dagID:runID:)``.
    func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws
    /// Makes `lease` the owner of a run as ``acquireLease(_:dagID:runID:now:)`` does and, when the run is queued (not
    /// yet running), only while fewer than `maxActiveRuns` other runs of its DAG are active — running, or queued
    /// under a live lease — counted atomically with the acquisition: schedulers sharing the store that start queued
    /// runs at the same moment never exceed the limit between them, as Airflow's `max_active_runs` holds across
    /// its schedulers.
    /// - Throws: ``RunStoreError/activeRunsFull(dagID:runID:limit:)``, and what
    ///   ``acquireLease(_:dagID:runID:now:)`` throws.
    func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date, maxActiveRuns: Int) async throws
    /// Extends the lease this owner holds.
    /// - Throws: ``RunStoreError/leaseLost(dagID:runID:)`` when another owner took the run over.
    func renewLease(_ lease: RunLease, dagID: String, runID: String) async throws
    /// Gives up the lease, if this owner still holds it.
    func releaseLease(ownerID: String, dagID: String, runID: String) async throws
    /// The run's current lease, expired or not; nil when it has none.
    func lease(dagID: String, runID: String) async throws -> RunLease?

    // MARK: DAGs

    /// Records a DAG's description, keeping its paused flag when the store knows it already; a DAG new to the store
    /// gets `record.isPaused`. Returns the stored record.
    func registerDAG(_ record: DAGRecord) async throws -> DAGRecord
    /// Pauses or unpauses a DAG.
    /// - Throws: ``RunStoreError/dagNotFound(dagID:)`` for a DAG never registered.
    func setPaused(_ paused: Bool, dagID: String) async throws
    /// A registered DAG.
    func dag(dagID: String) async throws -> DAGRecord?
    /// Every registered DAG, by id.
    func dags() async throws -> [DAGRecord]
    /// The registered DAGs matching `query`, by id (a page of the DAG list).
    func dags(matching query: DAGQuery) async throws -> [DAGRecord]
    /// How many registered DAGs match `query` (its limit and offset ignored).
    func countDAGs(matching query: DAGQuery) async throws -> Int

    // MARK: Change signals

    /// Wakes its reader when runs or DAGs may have changed — in this process or another sharing the store — so a
    /// scheduler waits on events, not on a timer: a queued run (a trigger, a clear) or an unpaused DAG is acted on at
    /// once. May wake spuriously; never misses a change made after the stream was created. Ends when the reader's
    /// task is cancelled.
    func changeSignals() -> AsyncStream<Void>
    /// Wakes its reader when a try may have ended — in this process or another sharing the store — freeing a slot
    /// of its DAG's `maxActiveTasks` and of its pool: an engine whose starts ``startTries(_:dagID:runID:limits:)``
    /// refused tries them again then. Sent once the try's end is committed, and once queued tries are
    /// (``TaskInstanceRecord/queuesTry``): a process that claims tries looks for them then. May wake spuriously; never misses an end
    /// written after the stream was created. Ends when the reader's task is cancelled.
    func slotSignals() -> AsyncStream<Void>

    /// Wakes its reader when a claimed try of the run may have ended (``endClaimedTry(_:taskID:dagID:runID:ownerID:)``
    /// in this process or another sharing the store): what the run's owner waits on to collect the ends, without
    /// waking for every other run's. May wake spuriously; never misses an end written after the stream was created.
    /// Ends when the reader's task is cancelled. By default, ``slotSignals()``, which every such end also wakes.
    func claimedTryEndSignals(dagID: String, runID: String) -> AsyncStream<Void>

    // MARK: Durability

    /// Whether what the store holds outlives the process (a database). The engine then writes each try's start
    /// before the try runs, so that a resume after a crash knows of every try; a store that dies with the process
    /// gains nothing from that write and is spared it.
    var isDurable: Bool { get }

    /// Returns once every write made before it is durable.
    /// - Throws: the failure of any of those writes.
    func sync() async throws
}

extension RunStore {
    /// Stores are durable unless they say otherwise.
    public var isDurable: Bool { true }

    public func claimedTryEndSignals(dagID: String, runID: String) -> AsyncStream<Void> { slotSignals() }

    /// Creates or replaces one task instance of a run.
    public func saveTaskInstance(_ instance: TaskInstanceRecord, dagID: String, runID: String) async throws {
        try await saveTaskInstances([instance], dagID: dagID, runID: runID)
    }
}
