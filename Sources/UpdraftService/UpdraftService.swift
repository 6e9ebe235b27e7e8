public import ServiceLifecycle
public import Updraft

/// The scheduler as a swift-service-lifecycle `Service` (`serve`): runs DAGs on their schedules, unattended.
///
/// It creates each scheduled run when its timetable makes it due (catching up missed ones when the DAG asks), starts
/// triggered and cleared runs, keeps each DAG within `maxActiveRuns`, honours paused DAGs, resumes runs a stopped
/// process left behind (their pods and Talend executions reattached, nothing started twice), and shuts down
/// gracefully: no new runs, running tasks given ``ServiceConfiguration/gracePeriod`` to finish, then cancelled with
/// their clean-up.
///
/// ```swift
/// let store = try SQLiteRunStore(path: "/var/lib/updraft/updraft.db")
/// let scheduler = UpdraftService(dags: [try makeTalendJobsDAG()],
///                                engine: Engine.Configuration(store: store))
/// let group = ServiceGroup(services: [scheduler], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
///
/// Its state lives in the engine's `RunStore`: a restarted service continues where the last one stopped, and
/// several services may share a store (each run has one owner at a time). With `Engine.Configuration.sharesTries`,
/// each also runs a ``TryWorker``: the tries of every run are spread over every service sharing the store, up to
/// ``ServiceConfiguration/parallelism`` in each.
public struct UpdraftService: Service {
    /// The DAGs served.
    public let dags: [DAG]
    /// The engine runs use; its store holds everything the scheduler knows.
    public let engine: Engine.Configuration
    /// How the scheduler behaves.
    public let configuration: ServiceConfiguration
    /// The scheduler's health, for `/health` and probes.
    public let heartbeat = SchedulerHeartbeat()

    /// A service for `dags`.
    public init(dags: [DAG], engine: Engine.Configuration, configuration: ServiceConfiguration = ServiceConfiguration()) {
        self.dags = dags
        self.engine = engine
        self.configuration = configuration
    }

    /// The engine runs use, claiming each run with a lease (``ServiceConfiguration/leaseDuration`` unless the
    /// engine configuration sets one), so that services sharing a store never run one twice.
    var leasingEngine: Engine {
        var leased = engine
        leased.leaseDuration = leased.leaseDuration ?? configuration.leaseDuration
        return Engine(configuration: leased)
    }

    /// Runs until cancelled or shut down gracefully.
    /// - Throws: the store's error when the DAGs cannot be registered.
    public func run() async throws {
        let shutdown = ShutdownRequest()
        let loop = SchedulerLoop(dags: dags, engine: leasingEngine, configuration: configuration,
                                 shutdown: shutdown, heartbeat: heartbeat)
        try await withGracefulShutdownHandler {
            guard engine.sharesTries else { return try await loop.run() }
            // The worker runs the tries of every replica's runs; it stops once this replica's runs have stopped
            // (after the grace period), its tries then cancelled and written as failed, to retry elsewhere.
            let worker = TryWorker(dags: dags, configuration: leasingEngine.configuration,
                                   capacity: configuration.parallelism)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await worker.run() }
                try await loop.run()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            shutdown.request()
        }
    }
}
