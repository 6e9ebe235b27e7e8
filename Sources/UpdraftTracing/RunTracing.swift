import Foundation
import Synchronization
public import Tracing
public import Updraft

/// Traces of runs, from their events, through swift-distributed-tracing: one span per run and, under it, one span
/// per task try, timed by the run's clock. Whatever tracer the executable bootstraps (OpenTelemetry with
/// swift-otel, …) exports them; with none, nothing is recorded.
///
/// ```swift
/// InstrumentationSystem.bootstrap(tracer)  // once per process
/// var configuration = Engine.Configuration()
/// configuration.observers.append(RunTracing().sink)
/// ```
///
/// A run's span is named after the DAG and carries `dag_id` and `run_id`; a try's span is named after the task and
/// carries `task_id`, `try_number` and its final `state`. Spans of runs that failed and of tries that failed (or
/// are up for retry, or upstream-failed) have an error status with the engine's (masked) message. Tasks that never
/// ran (skipped, upstream-failed) have no span.
public final class RunTracing: Sendable {
    private let tracer: any Tracer
    /// Open spans: a run's under (dag id, run id, ""), a running try's under (dag id, run id, task id).
    private let spans = Mutex<[SpanKey: any Span]>([:])

    private struct SpanKey: Hashable {
        var dagID: String
        var runID: String
        var taskID: String
    }

    /// Traces with `tracer` (the bootstrapped `InstrumentationSystem.tracer` by default).
    public init(tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
    }

    /// A sink recording every event it receives; add it to `Engine.Configuration.observers`.
    public var sink: RunEventSink { RunEventSink(deliver: { [self] event in record(event) }) }

    /// Records one event.
    public func record(_ event: RunEvent) {
        switch event.change {
        case .run(let state):
            runChanged(event, state)
        case .task(let taskID, let state, let tryNumber):
            taskChanged(event, taskID: taskID, state, tryNumber: tryNumber)
        }
    }

    private func runChanged(_ event: RunEvent, _ state: DAGRunState) {
        let key = SpanKey(dagID: event.dagID, runID: event.runID, taskID: "")
        switch state {
        case .running:
            let span = tracer.startSpan(event.dagID, context: .topLevel, ofKind: .internal,
                                        at: EventInstant(event.date))
            span.attributes["dag_id"] = event.dagID
            span.attributes["run_id"] = event.runID
            spans.withLock { $0[key] = span }
        case .success, .failed:
            guard let span = spans.withLock({ $0.removeValue(forKey: key) }) else { return }
            span.attributes["state"] = state.rawValue
            if state == .failed { span.setStatus(SpanStatus(code: .error, message: event.message)) }
            span.end(at: EventInstant(event.date))
        case .queued:
            break
        }
    }

    private func taskChanged(_ event: RunEvent, taskID: String, _ state: TaskInstanceState, tryNumber: Int) {
        let key = SpanKey(dagID: event.dagID, runID: event.runID, taskID: taskID)
        if state == .running {
            let parent = spans.withLock { $0[SpanKey(dagID: event.dagID, runID: event.runID, taskID: "")] }
            let span = tracer.startSpan(taskID, context: parent?.context ?? .topLevel, ofKind: .internal,
                                        at: EventInstant(event.date))
            span.attributes["task_id"] = taskID
            span.attributes["try_number"] = tryNumber
            spans.withLock { $0[key] = span }
            return
        }
        guard state.isFinished || state == .upForRetry,
              let span = spans.withLock({ $0.removeValue(forKey: key) }) else { return }
        span.attributes["state"] = state.rawValue
        if state == .failed || state == .upForRetry || state == .upstreamFailed {
            span.setStatus(SpanStatus(code: .error, message: event.message))
        }
        span.end(at: EventInstant(event.date))
    }
}
