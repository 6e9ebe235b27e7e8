public import Foundation
public import Logging

/// How an ``UpdraftService`` schedules: shutdown grace, DAGs' initial paused state, and how it notices clock steps.
public struct ServiceConfiguration: Sendable {
    /// How long a graceful shutdown lets running tasks finish before cancelling them (their pods deleted, Talend
    /// executions terminated). A second signal skips it.
    public var gracePeriod: Duration
    /// Whether a DAG the store has never seen starts paused, unless the DAG says otherwise
    /// (Airflow's `[core] dags_are_paused_at_creation`; Updraft's default is false so that `serve` runs a DAG at once).
    public var pausedUponCreation: Bool
    /// The longest the scheduler sleeps on a real clock before looking at the time again: a wall-clock step (a
    /// suspended machine waking, an NTP correction) is noticed within it. Nothing is polled: the scheduler wakes
    /// earlier for every due run and every change in the store.
    public var wallClockRecheck: Duration
    /// How long a run's owner may go silent before another process may take the run over (see `RunLease`).
    public var leaseDuration: Duration
    /// How many tries this process's ``TryWorker`` runs at once, when the engine shares tries between processes
    /// (`Engine.Configuration.sharesTries`; Airflow's `[core] parallelism`).
    public var parallelism: Int
    /// Where the scheduler logs (runs created, resumed, skipped; shutdown).
    public var logger: Logger

    /// A configuration. Nil arguments follow Airflow's settings in the environment:
    /// `AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION`, `AIRFLOW__CORE__PARALLELISM` (32 when unset or not a positive
    /// number).
    public init(gracePeriod: Duration = .seconds(60), pausedUponCreation: Bool? = nil,
                wallClockRecheck: Duration = .seconds(60), leaseDuration: Duration = .seconds(30),
                parallelism: Int? = nil,
                logger: Logger = Logger(label: "updraft.service", factory: { _ in SwiftLogNoOpLogHandler() }),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.gracePeriod = gracePeriod
        self.pausedUponCreation = pausedUponCreation
            ?? ["true", "1", "t", "yes", "y", "on"].contains(
                environment["AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION"]?.lowercased() ?? "false")
        self.wallClockRecheck = wallClockRecheck
        self.leaseDuration = leaseDuration
        self.parallelism = parallelism
            ?? environment["AIRFLOW__CORE__PARALLELISM"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 32
        self.logger = logger
    }
}
