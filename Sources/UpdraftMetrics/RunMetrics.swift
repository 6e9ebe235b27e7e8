public import CoreMetrics
import Foundation
import Synchronization
public import Updraft

/// Airflow's run and task metrics, from a run's events, through swift-metrics: whichever backend the executable
/// bootstraps (Prometheus, StatsD, OpenTelemetry) receives them; with none, they cost next to nothing.
///
/// Add the sink to the engine's configuration so every run reports:
/// ```swift
/// MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))  // once per process
/// var configuration = Engine.Configuration()
/// configuration.observers.append(RunMetrics().sink)
/// ```
///
/// | Metric | Kind | Dimensions | When |
/// |---|---|---|---|
/// | `<prefix>.ti.start` | counter | `dag_id`, `task_id` | a try starts running |
/// | `<prefix>.ti.finish` | counter | `dag_id`, `task_id`, `state` | a task reaches a final state or `up_for_retry` |
/// | `<prefix>.ti_successes`, `<prefix>.ti_failures` | counter | `dag_id` | a task succeeds; fails for good |
/// | `<prefix>.task.duration` | timer | `dag_id`, `task_id` | a try that ran ends (its running time) |
/// | `<prefix>.dagrun.duration.success`, `.failed` | timer | `dag_id` | a run ends (from its start) |
///
/// The names and dimensions are Airflow's (its StatsD/OpenTelemetry metrics with tags), under `prefix`: pass
/// `"airflow"` to keep existing dashboards.
public final class RunMetrics: Sendable {
    /// The first part of every metric name (default `"updraft"`).
    public let prefix: String
    private let factory: any MetricsFactory
    /// When the running try of each task, and each run, started: (dag id, run id, task id or "") → date.
    private let starts = Mutex<[StartKey: Date]>([:])

    private struct StartKey: Hashable {
        var dagID: String
        var runID: String
        var taskID: String
    }

    /// Metrics named `<prefix>.…`, created by `factory` (the bootstrapped `MetricsSystem` by default).
    public init(prefix: String = "updraft", factory: any MetricsFactory = MetricsSystem.factory) {
        self.prefix = prefix
        self.factory = factory
    }

    /// A sink recording every event it receives; add it to `Engine.Configuration.observers`.
    public var sink: RunEventSink { RunEventSink(deliver: { [self] event in record(event) }) }

    /// Records one event.
    public func record(_ event: RunEvent) {
        switch event.change {
        case .run(let state):
            runChanged(event, state)
        case .task(let taskID, let state, _):
            taskChanged(event, taskID: taskID, state)
        }
    }

    private func runChanged(_ event: RunEvent, _ state: DAGRunState) {
        let key = StartKey(dagID: event.dagID, runID: event.runID, taskID: "")
        switch state {
        case .running:
            starts.withLock { $0[key] = event.date }
        case .success, .failed:
            guard let start = starts.withLock({ $0.removeValue(forKey: key) }) else { return }
            timer("dagrun.duration.\(state.rawValue)", [("dag_id", event.dagID)])
                .recordNanoseconds(nanoseconds(from: start, to: event.date))
        case .queued:
            break
        }
    }

    private func taskChanged(_ event: RunEvent, taskID: String, _ state: TaskInstanceState) {
        let key = StartKey(dagID: event.dagID, runID: event.runID, taskID: taskID)
        let task = [("dag_id", event.dagID), ("task_id", taskID)]
        if state == .running {
            starts.withLock { $0[key] = event.date }
            counter("ti.start", task).increment()
            return
        }
        guard state.isFinished || state == .upForRetry else { return }
        counter("ti.finish", task + [("state", state.rawValue)]).increment()
        if state == .success { counter("ti_successes", [("dag_id", event.dagID)]).increment() }
        if state == .failed { counter("ti_failures", [("dag_id", event.dagID)]).increment() }
        // Only a try that ran has a duration (a task skipped or upstream-failed never started).
        if let start = starts.withLock({ $0.removeValue(forKey: key) }) {
            timer("task.duration", task).recordNanoseconds(nanoseconds(from: start, to: event.date))
        }
    }

    private func counter(_ name: String, _ dimensions: [(String, String)]) -> Counter {
        Counter(label: "\(prefix).\(name)", dimensions: dimensions, factory: factory)
    }

    private func timer(_ name: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: "\(prefix).\(name)", dimensions: dimensions, factory: factory)
    }

    private func nanoseconds(from start: Date, to end: Date) -> Int64 {
        Int64((max(0, end.timeIntervalSince(start)) * 1e9).rounded())
    }
}
