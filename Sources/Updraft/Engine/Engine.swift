public import Foundation
public import Logging

/// Runs DAGs: tasks in parallel where the graph allows (up to `maxActiveTasks` and pool sizes, higher priority
/// first), with retries, timeouts, trigger rules, XCom, captured logs and clean cancellation.
///
/// The engine is event-driven: a finished task wakes its children; nothing polls. Cancelling the task that called
/// ``run(_:runID:logicalDate:params:events:)`` cancels every running operator, runs their clean-up (`onKill`) to
/// completion, and records the outcome before `run` returns.
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
        /// Pool sizes.
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

        /// A configuration; every argument has a working default (real clock, in-memory store, connections from
        /// the environment, logs captured but not forwarded).
        public init(
            clock: any UpdraftClock = SystemClock(), store: any RunStore = InMemoryRunStore(),
            connections: ConnectionResolver = ConnectionResolver(), hookOverrides: HookOverrides = HookOverrides(),
            requiresHookOverrides: Bool = false, pools: Pools = Pools(), alertHook: (any AlertHook)? = nil,
            logger: Logger = Logger(label: "updraft", factory: { _ in SwiftLogNoOpLogHandler() }),
            masker: SecretMasker = SecretMasker(), hostname: String = ProcessInfo.processInfo.hostName,
            observers: [RunEventSink] = []
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
        }
    }

    /// The configuration.
    public let configuration: Configuration

    /// Creates an engine.
    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Runs `dag` once and returns its outcome. Task failures are in the result, not thrown.
    ///
    /// If the store already holds run `runID`, the run resumes: tasks that succeeded or were skipped keep their
    /// state and results; every other task runs again (its try numbers continue).
    /// - Parameters:
    ///   - dag: the DAG to run.
    ///   - runID: the run's id; by default `manual__<logical date>`.
    ///   - logicalDate: the run's logical date; now by default.
    ///   - params: overrides of the DAG's params for this run (Airflow's run conf).
    ///   - events: receives every state change.
    /// - Throws: ``EngineError`` when the run cannot start (a pool too small for a task, the store failing).
    public func run(_ dag: DAG, runID: String? = nil, logicalDate: Date? = nil, params: [String: JSONValue] = [:],
                    events: RunEventSink? = nil) async throws -> DAGRunResult {
        let date = logicalDate ?? configuration.clock.now()
        let execution = try RunExecution(
            dag: dag, configuration: configuration, runID: runID ?? "manual__\(RunExecution.isoDate(date))",
            logicalDate: date, paramOverrides: params,
            events: RunEventSink.fanOut(run: events, observers: configuration.observers))
        return try await execution.run()
    }
}

/// Why a run could not start.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// The DAG.
    public var dagID: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(dagID: String, message: String) {
        self.dagID = dagID
        self.message = message
    }

    public var description: String { "cannot run DAG '\(dagID)': \(message)" }
}
