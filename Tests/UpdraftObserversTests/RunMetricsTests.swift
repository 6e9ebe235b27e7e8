import Foundation
import MetricsTestKit
import Testing
import Updraft
import UpdraftMetrics

/// Metrics of ``runObserved(_:by:runID:)``'s run.
@Suite struct RunMetricsTests {
    private func runRecorded(prefix: String = "updraft") async throws -> (TestMetrics, DAGRunResult) {
        let metrics = TestMetrics()
        return (metrics, try await runObserved("metered", by: RunMetrics(prefix: prefix, factory: metrics).sink))
    }

    @Test func tasksAndRunsAreCountedAndTimed() async throws {
        let (metrics, result) = try await runRecorded()
        #expect(result.state == .failed)
        let dag = ("dag_id", "metered")
        func task(_ id: String) -> [(String, String)] { [dag, ("task_id", id)] }

        #expect(metrics.counterTotal(label: "updraft.ti.start", dimensions: task("extract")) == 1)
        #expect(metrics.counterTotal(label: "updraft.ti.start", dimensions: task("flaky")) == 2)
        #expect(metrics.counterTotal(label: "updraft.ti.start", dimensions: task("report")) == 0)
        for (id, state) in [("extract", "success"), ("flaky", "up_for_retry"), ("flaky", "success"),
                            ("broken", "failed"), ("report", "upstream_failed")] {
            #expect(metrics.counterTotal(label: "updraft.ti.finish", dimensions: task(id) + [("state", state)]) == 1,
                    "\(id) \(state)")
        }
        #expect(metrics.counterTotal(label: "updraft.ti_successes", dimensions: [dag]) == 2)
        #expect(metrics.counterTotal(label: "updraft.ti_failures", dimensions: [dag]) == 1)

        #expect(try metrics.expectTimer("updraft.task.duration", task("extract")).values == [5_000_000_000])
        #expect(try metrics.expectTimer("updraft.task.duration", task("flaky")).values == [0, 0])
        #expect(metrics.timers(label: "updraft.task.duration", dimensions: task("report")).isEmpty)
        // The run lasts as long as its longest path: flaky's first try, its 60 s retry delay, its second try.
        #expect(try metrics.expectTimer("updraft.dagrun.duration.failed", [dag]).values == [60_000_000_000])
        #expect(metrics.timers(label: "updraft.dagrun.duration.success").isEmpty)
    }

    @Test func airflowsPrefixKeepsExistingDashboards() async throws {
        let (metrics, _) = try await runRecorded(prefix: "airflow")
        #expect(metrics.counterTotal(label: "airflow.ti_failures", dimensions: [("dag_id", "metered")]) == 1)
        #expect(metrics.counters(label: "updraft.ti_failures").isEmpty)
    }
}
