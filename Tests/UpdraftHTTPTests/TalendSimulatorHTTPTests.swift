import Foundation
import FaultTestSupport
import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP
import UpdraftSandbox
import UpdraftTesting

/// SimpleHttpOperator and HttpSensor against the Talend Cloud simulator over real loopback HTTP.
@Suite struct TalendSimulatorHTTPTests {
    private static let task = TalendCloudSimulator.seedTaskID

    private func seedDAG(retry: HTTPRetryPolicy = .default) throws -> DAG {
        try DAG("talend_api_jobs", schedule: .once) { dag in
            dag.task("talend_api", SimpleHttpOperator(
                method: "POST", httpConnID: "talend_api", endpoint: "/tmc/v2.2/executions",
                data: .json(["executable": .string(Self.task)]), retry: retry))
        }
    }

    private func statusSensor(_ executionID: String, timeout: Duration = .hours(1), softFail: Bool = false)
        -> HttpSensor
    {
        HttpSensor(endpoint: "/processing/executions/\(executionID)", httpConnID: "talend_api",
                   responseCheck: { try $0.json()["status"] == "execution_successful" },
                   pokeInterval: .seconds(10), timeout: timeout, softFail: softFail)
    }

    @Test func theSeedDAGStartsTheTask() async throws {
        try await withTalendStandIn { simulator, connection in
            let result = try await seedDAG().testLive(connections: [connection])
            #expect(result.state == .success)
            let started = try #require(simulator.startedExecutions().first)
            #expect(started.request.executable == Self.task)
            let text = try #require(try await result.xcom(String.self, from: "talend_api"))
            #expect(try JSONValue(parsing: text)["executionId"]?.stringValue == started.executionID)
            let request = try #require(simulator.requests(to: "/tmc/v2.2/executions").first)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == "Bearer <redacted>")
        }
    }

    @Test func aBadTokenFailsWith401AndStaysMasked() async throws {
        try await withTalendStandIn { simulator, good in
            var connection = good
            connection.extra["Authorization"] = "Bearer wrong-token-123"
            let result = try await seedDAG().testLive(connections: [connection])
            #expect(result.state == .failed)
            let error = try #require(result.taskInstances["talend_api"]?.error)
            #expect(error.contains("401:Unauthorized"))
            #expect(error.contains("Token authorization is required"))
            let logs = result.logLines(of: "talend_api").map(\.message).joined(separator: "\n")
            #expect(!error.contains("wrong-token-123") && !logs.contains("wrong-token-123"))
            #expect(simulator.requests().count == 1, "a 401 is not retried")
        }
    }

    @Test func aPostIsNotRepeatedAfter503ButIsAfter429() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.unavailable(path: "/tmc/v2.2/executions", method: "POST"))
            let failed = try await seedDAG().testLive(connections: [connection])
            #expect(failed.state == .failed)
            #expect(failed.taskInstances["talend_api"]?.error?.contains("503:Service Unavailable") == true)
            #expect(simulator.startedExecutions().isEmpty)

            simulator.injectFault(.rateLimited(path: "/tmc/v2.2/executions", count: 2, retryAfterSeconds: 5,
                                               method: "POST"))
            let clock = ManualClock(autoAdvance: true)
            let start = clock.now()
            let limited = try await seedDAG().testLive(connections: [connection], clock: clock)
            #expect(limited.state == .success)
            #expect(simulator.startedExecutions().count == 1)
            #expect(clock.now().timeIntervalSince(start) == 10, "two Retry-After waits of 5 s on the clock")
        }
    }

    @Test func theSensorWaitsThroughServerErrorsForSuccess() async throws {
        try await withTalendStandIn { simulator, connection in
            let started = try await seedDAG().testLive(connections: [connection])
            let text = try #require(try await started.xcom(String.self, from: "talend_api"))
            let executionID = try #require(try JSONValue(parsing: text)["executionId"]?.stringValue)
            let path = "/processing/executions/\(executionID)"
            simulator.injectFault(.unavailable(path: path, count: 2, method: "GET"))
            let dag = try DAG("wait") { dag in dag.task("wait_for_talend", statusSensor(executionID)) }
            let result = try await dag.testLive(connections: [connection])
            #expect(result.state == .success)
            #expect(simulator.requests(to: path).map(\.status) == [503, 503, 200, 200, 200, 200])
        }
    }

    @Test func theSensorTimesOutOrSoftFails() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.setScript(.runsUntilTerminated(), for: Self.task)
            let started = try await seedDAG().testLive(connections: [connection])
            let text = try #require(try await started.xcom(String.self, from: "talend_api"))
            let executionID = try #require(try JSONValue(parsing: text)["executionId"]?.stringValue)
            let dag = try DAG("wait", defaultArgs: TaskOptions(retries: 3)) { dag in
                dag.task("hard", statusSensor(executionID, timeout: .minutes(2)))
                dag.task("soft", statusSensor(executionID, timeout: .minutes(2), softFail: true))
            }
            let result = try await dag.testLive(connections: [connection])
            #expect(result.state(of: "hard") == .failed)
            #expect(result.taskInstances["hard"]?.tries.count == 1, "a sensor timeout is not retried")
            #expect(result.taskInstances["hard"]?.error?.contains("Sensor has timed out") == true)
            #expect(result.state(of: "soft") == .skipped)
        }
    }
}
