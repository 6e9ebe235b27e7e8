import FaultTestSupport
import Testing
import Updraft
import UpdraftSandbox
import UpdraftTalend
import UpdraftTesting

/// TalendJobOperator against the Talend Cloud simulator over real loopback HTTP.
@Suite struct TalendSimulatorIntegrationTests {
    /// The stand-in served with a connection carrying `token`, and the `api_prefix` extra when given.
    private func withSimulator(
        token: String = TalendCloudSimulator.defaultToken, apiPrefix: String? = nil,
        _ body: (TalendCloudSimulator, GenericConnection) async throws -> Void
    ) async throws {
        var extra: [String: JSONValue] = ["Authorization": .string("Bearer \(token)")]
        if let apiPrefix { extra["api_prefix"] = .string(apiPrefix) }
        try await withTalendStandIn(extra: extra, body)
    }

    /// A Talend task followed by a downstream task that records the execution id it saw.
    private func dag(_ op: TalendJobOperator, options: TaskOptions = TaskOptions()) throws -> DAG {
        try DAG("talend") { dag in
            let talend = dag.task("talend_job", op, options: options)
            let after = dag.task("after") { context in
                try await context.xcom.pull(String.self, from: "talend_job") ?? "none"
            }
            talend >> after
        }
    }

    private func messages(_ result: DAGRunResult, _ task: String = "talend_job") -> [String] {
        result.logLines(of: task).map(\.message)
    }

    @Test func downstreamRunsAfterASuccessfulRunWithItsLogs() async throws {
        try await withSimulator(apiPrefix: "/tmc/v2.2") { simulator, connection in
            let result = try await dag(TalendJobOperator(executable: "job-succeeds", parameters: ["day": "d1"]))
                .testLive(connections: [connection])
            #expect(result.state == .success)
            let started = try #require(simulator.startedExecutions().first)
            #expect(started.request.parameters == ["day": "d1"])
            #expect(try await result.xcom(String.self, from: "after") == started.executionID)
            let logs = messages(result)
            for line in ["Job started", "Processing rows", "Job finished"] {
                #expect(logs.filter { $0 == "[talend INFO] \(line)" }.count == 1, "\(line)")
            }
            #expect(simulator.requests(to: "/tmc/v2.2/executions/\(started.executionID)").count == 4)
            #expect(simulator.requests(to: "/processing/executions").isEmpty)
        }
    }

    @Test func aFailedJobFailsTheTaskWithTalendsMessage() async throws {
        try await withSimulator { _, connection in
            let result = try await dag(TalendJobOperator(executable: "job-fails")).testLive(connections: [connection])
            #expect(result.state(of: "talend_job") == .failed)
            #expect(result.state(of: "after") == .upstreamFailed)
            let error = try #require(result.taskInstances["talend_job"]?.error)
            #expect(error.contains("execution_failed (EXECUTION_FAILED): java.lang.RuntimeException: tDie_1"))
            #expect(messages(result).contains { $0.hasPrefix("[talend ERROR]") })
        }
    }

    @Test func aBadTokenFailsWith401() async throws {
        try await withSimulator(token: "not-the-token") { simulator, connection in
            let result = try await dag(TalendJobOperator(executable: "job-succeeds"))
                .testLive(connections: [connection])
            let error = try #require(result.taskInstances["talend_job"]?.error)
            #expect(error.contains("answered 401 Unauthorized: Token authorization is required for access"))
            #expect(!error.contains("not-the-token"))
            #expect(simulator.startedExecutions().isEmpty)
        }
    }

    @Test func rateLimitsAndServerErrorsAreRetried() async throws {
        try await withSimulator { simulator, connection in
            simulator.injectFault(.rateLimited(path: "/processing/executions", retryAfterSeconds: 2, method: "POST"))
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 2, method: "GET"))
            let result = try await dag(TalendJobOperator(executable: "job-succeeds"))
                .testLive(connections: [connection])
            #expect(result.state == .success)
            #expect(simulator.requests(to: "/processing/executions").map(\.status) == [429, 201])
            let id = try #require(simulator.startedExecutions().first?.executionID)
            #expect(simulator.requests(to: "/processing/executions/\(id)").map(\.status) == [503, 503, 200, 200, 200,
                                                                                              200])
        }
    }

    @Test func cancellingTheRunTerminatesTheExecution() async throws {
        try await withSimulator { simulator, connection in
            let clock = ManualClock()
            let dag = try dag(TalendJobOperator(executable: "job-long-running"))
            let running = Task { try await dag.testLive(connections: [connection], clock: clock) }
            await clock.waitForSleepers(1)
            running.cancel()
            let result = try await running.value
            #expect(result.state(of: "talend_job") != .success)
            let id = try #require(simulator.startedExecutions().first?.executionID)
            let deletes = simulator.requests(to: "/processing/executions/\(id)").filter { $0.method == "DELETE" }
            #expect(deletes.map(\.status) == [204])
        }
    }

    @Test func timeoutsTerminateTheExecution() async throws {
        try await withSimulator { simulator, connection in
            let dag = try DAG("talend_timeouts") { dag in
                dag.task("operator_timeout", TalendJobOperator(executable: "job-long-running", timeout: .minutes(10)))
                dag.task("task_timeout", TalendJobOperator(executable: "job-long-running"),
                         options: TaskOptions(executionTimeout: .minutes(5)))
            }
            let result = try await dag.testLive(connections: [connection])
            #expect(result.state(of: "operator_timeout") == .failed)
            #expect(result.taskInstances["operator_timeout"]?.error?.contains("the execution was terminated") == true)
            #expect(result.state(of: "task_timeout") == .failed)
            let runs = simulator.startedExecutions().map(\.executionID)
            #expect(runs.count == 2)
            for id in runs {
                let deletes = simulator.requests(to: "/processing/executions/\(id)").filter { $0.method == "DELETE" }
                #expect(deletes.count == 1, "\(id)")
            }
        }
    }
}
