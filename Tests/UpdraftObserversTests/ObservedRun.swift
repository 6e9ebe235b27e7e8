import Synchronization
import Updraft
import UpdraftTesting

/// The run both observers are tested on: a success after 5 s, a retry 60 s later, a failure and the upstream
/// failure it causes, on a manual clock so every duration is exact. The run lasts 60 s (its longest path:
/// `flaky`'s first try, the retry delay, its second try).
func runObserved(_ dagID: String, by observer: RunEventSink, runID: String? = nil) async throws -> DAGRunResult {
    let flakyTries = Mutex(0)
    let dag = try DAG(dagID) { dag in
        // Waits on the run's manual clock, which skips the 5 s at once: no wall time passes.
        dag.task("extract") { context in try await context.clock.sleep(for: .seconds(5)) }
        dag.task("flaky", options: TaskOptions(retries: 1, retryDelay: .seconds(60))) { _ in
            if flakyTries.withLock({ $0 += 1; return $0 }) == 1 { throw TransientFailure() }
        }
        let broken = dag.task("broken") { _ in throw FailWithoutRetry("bad input") }
        let report = dag.task("report", EmptyOperator())
        broken >> report
    }
    let engine = Engine(configuration: Engine.Configuration(
        clock: ManualClock(autoAdvance: true), observers: [observer]))
    return try await engine.run(dag, runID: runID)
}

/// A failure that is retried (any error but `FailWithoutRetry` is).
private struct TransientFailure: Error {}
