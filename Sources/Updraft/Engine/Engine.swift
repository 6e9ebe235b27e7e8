public import Foundation
public import Logging

/// Runs DAGs: tasks in parallel where the graph allows (up to `maxActiveTasks` and pool sizes, higher priority
/// first), with retries, timeouts, trigger rules, XCom, captured logs and clean cancellation.
///
/// The engine is event-driven: a finished task wakes its children; nothing polls. Cancelling the task that called
/// ``run(_:runID:logicalDate:params:resume:events:)`` cancels every running operator, runs their clean-up
/// (`onKill`) to completion, and records the outcome before `run` returns.
///
/// An engine keeps nothing of a finished run: the run lives on in the ``DAGRunResult`` returned, in the store (an
/// ``InMemoryRunStore`` keeps the last runs of each DAG, see ``RunRetention``) and in the log directory, if any.
public struct Engine: Sendable {
    /// What the engine runs with.
    public struct Configuration: Sendable {
        /// The clock every wait uses.
        public var clock: any UpdraftClock
        /// Where run state and XCom values go.
        public var store: any RunStore
        /// Where connections come from.
        public var connections: ConnectionResolver
        /// Hooks substituted for live ones, by connection id.
        public var hookOverrides: HookOverrides
        /// Forbid live hooks: a task asking for a hook without an override fails (test runs).
        public var requiresHookOverrides: Bool
        /// Pool sizes. A pool's slots are shared by every run of every DAG in the store (counted by the store, so
        /// across processes too): give every process sharing a store the same sizes.
        public var pools: Pools
        /// Delivers `emailOnFailure` / `emailOnRetry` alerts.
        public var alertHook: (any AlertHook)?
        /// Receives engine and task log lines (task lines carry the task metadata).
        public var logger: Logger
        /// Masks secrets in logs, errors and results.
        public var masker: SecretMasker
        /// Named in alerts as the host tasks ran on.
        public var hostname: String
        /// Also receive the events of every run (metrics, audit trails), beside the sink a run is given. They
        /// outlive a run: `finish` is never called on them.
        public var observers: [RunEventSink]
        /// Where the full log of every try is written, in Airflow's layout
        /// (`dag_id=…/run_id=…/task_id=…/attempt=N.log`, see ``TaskLogDirectory``); nil keeps logs in memory only,
        /// as test runs do.
        public var logDirectory: URL?
        /// With a ``logDirectory``, how many of the last lines of each try stay in memory besides the file (the
        /// run's ``TaskLogStore/tail(taskID:tryNumber:)``). Without one, every line stays in memory.
        public var logTailLines: Int
        /// How long this engine's claim on a run lasts without renewal (it renews it every third of that while the
        /// run runs): another process may take the run over once the claim has lapsed, so a resume after `kill -9`
        /// never waits longer. Nil runs without claims — in-process tests and single-use in-memory stores.
        public var leaseDuration: Duration?
        /// Whether a run's tries are queued in the store for whichever process sharing it has room — each runs a
        /// ``TryWorker`` — instead of all running in the process that owns the run: one wide run then spreads over
        /// every replica, as Airflow's executors run the task instances its scheduler queued. The owner still makes
        /// every decision (trigger rules, retries, branching) and runs branching tasks itself. Off by default.
        public var sharesTries: Bool
        /// How long a claim on a queued try lasts without renewal (a ``TryWorker`` renews its claims every third of
        /// it): once a claimer's claim lapses (`kill -9`, a partition), the run's owner takes the try over, reattaching
        /// to its recorded remote work. Also how often a run's owner checks for lapsed claims.
        public var tryClaimDuration: Duration

        /// A configuration; every argument has a working default (real clock, in-memory store, connections from
        /// the environment, logs captured in memory but not forwarded).
        public init(
            clock: any UpdraftClock = SystemClock(), store: any RunStore = InMemoryRunStore(),
            connections: ConnectionResolver = ConnectionResolver(), hookOverrides: HookOverrides = HookOverrides(),
            requiresHookOverrides: Bool = false, pools: Pools = Pools(), alertHook: (any AlertHook)? = nil,
            logger: Logger = Logger(label: "updraft", factory: { _ in SwiftLogNoOpLogHandler() }),
            masker: SecretMasker = SecretMasker(), hostname: String = ProcessInfo.processInfo.hostName,
            observers: [RunEventSink] = [], logDirectory: URL? = nil, logTailLines: Int = 100,
            leaseDuration: Duration? = nil, sharesTries: Bool = false, tryClaimDuration: Duration = .seconds(30)
        ) {
            self.clock = clock
            self.store = store
            self.connections = connections
            self.hookOverrides = hookOverrides
            self.requiresHookOverrides = requiresHookOverrides
            self.pools = pools
            self.alertHook = alertHook
            self.logger = logger
            self.masker = masker
            self.hostname = hostname
            self.observers = observers
            self.logDirectory = logDirectory
            self.logTailLines = max(0, logTailLines)
            self.leaseDuration = leaseDuration
            self.sharesTries = sharesTries
            self.tryClaimDuration = tryClaimDuration
        }
    }

    /// The configuration.
    public let configuration: Configuration

    /// Creates an engine.
    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Runs `dag` once and returns its outcome. Task failures are in the result, not thrown.
    ///
    /// A new run is created in the store first (``RunStore/createRun(_:)``); a run id the store already holds is an
    /// error, unless `resume` asks to resume that run: then it continues where it stopped. Tasks that succeeded or
    /// were skipped keep their state and results; a task whose try was running when its process died gets that try
    /// again with the remote work its operator recorded (``TaskContext/interruptedWork``), or, with nothing
    /// recorded, counts the try as failed and retries if it can; a task waiting for a retry waits what remains of
    /// its delay; failed tasks run again with fresh retries (their try numbers continue).
    ///
    /// With ``Configuration/leaseDuration`` set, the engine holds a lease on the run while it runs, renewed every
    /// third of its duration: a second process that runs or resumes the run is refused
    /// (``EngineError/Reason/runOwned``, naming the owner's pid and host) until the lease lapses, and a process
    /// whose lease was taken over stops its tries and writes nothing more. Every try's start is written to the store
    /// before its operator runs.
    /// - Parameters:
    ///   - dag: the DAG to run.
    ///   - runID: the run's id (see ``RunID`` for what it may contain). By default Airflow's
    ///     `manual__<time triggered, UTC, microseconds>`, with a random suffix (`_a1B2c3D4`) if that id is taken,
    ///     so runs started together never share an id.
    ///   - logicalDate: the run's logical date; now by default.
    ///   - params: overrides of the DAG's params for this run (Airflow's run conf).
    ///   - resume: resume the stored run `runID` instead of creating a new one.
    ///   - events: receives every state change.
    /// - Throws: ``EngineError`` when the run cannot start: an invalid run id (``EngineError/Reason/invalidRunID``),
    ///   a run id already taken (``EngineError/Reason/runExists``), no run to resume
    ///   (``EngineError/Reason/runNotFound``), a run another live process owns (``EngineError/Reason/runOwned``), a
    ///   run to resume that another process finished while this one was taking it over
    ///   (``EngineError/Reason/runFinished``), a pool too small for a task, the store failing.
    public func run(_ dag: DAG, runID: String? = nil, logicalDate: Date? = nil, params: [String: JSONValue] = [:],
                    resume: Bool = false, events: RunEventSink? = nil) async throws -> DAGRunResult {
        try await execution(of: dag, logicalDate: logicalDate ?? configuration.clock.now(), params: params,
                            events: events).run(requestedRunID: runID, resume: resume)
    }

    /// Resumes `run`, a stored run as the caller last read it: what a scheduler does with a run it found queued (by
    /// a trigger or a clear) or running with its owner gone. It runs as
    /// ``run(_:runID:logicalDate:params:resume:events:)`` with `resume: true`, `run`'s logical date and its conf as
    /// params, with one difference: a run that has finished since the caller read it — another scheduler replica
    /// sharing the store ran it to its end meanwhile — is left as that replica finished it, as an Airflow scheduler
    /// leaves a finished DAG run alone. Nothing runs and nothing is written (the lease taken to find out is given
    /// back); ``EngineError/Reason/runFinished`` says so. A run the caller read already finished, and unchanged
    /// since, is resumed: its failed tasks run again, as by `run` with `resume: true`.
    /// - Throws: ``EngineError`` as ``run(_:runID:logicalDate:params:resume:events:)`` does, and
    ///   ``EngineError/Reason/runFinished`` for a run finished since the caller read it.
    public func resume(_ dag: DAG, run: DAGRunRecord, events: RunEventSink? = nil) async throws -> DAGRunResult {
        try await execution(of: dag, logicalDate: run.logicalDate, params: run.conf, events: events)
            .run(requestedRunID: run.runID, resume: true, seen: run)
    }

    /// A run of `dag`, once its pools are known to fit its tasks.
    private func execution(of dag: DAG, logicalDate: Date, params: [String: JSONValue],
                           events: RunEventSink?) throws -> RunExecution {
        try RunExecution.checkPools(of: dag, in: configuration.pools)
        return RunExecution(dag: dag, configuration: configuration, logicalDate: logicalDate, paramOverrides: params,
                            events: RunEventSink.fanOut(run: events, observers: configuration.observers))
    }
}
