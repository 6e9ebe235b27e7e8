import Foundation
import Logging
import FaultTestSupport
import Testing
import Updraft
import UpdraftSandbox
import UpdraftTalend
import UpdraftTesting

/// TalendJobOperator against the Talend stand-in with injected faults. Each test ends with the right task state,
/// the Talend execution handled (terminated, or followed to its end; never two running at once) and the token
/// absent from the console, the run JSON and the report.
@Suite struct TalendFaultTests {
    static let token = TalendCloudSimulator.defaultToken

    /// One Talend task with one retry, whose retry callback clears the stand-in's faults (the outage is over by
    /// the time the task tries again), run live on a time-skipping clock.
    private func run(
        _ op: TalendJobOperator, on simulator: TalendCloudSimulator, connection: GenericConnection
    ) async throws -> RunOutputs {
        let options = TaskOptions(retries: 1, retryDelay: .minutes(5), onRetryCallback: { _ in simulator.clearFaults() })
        let dag = try DAG("talend_faults") { dag in dag.task("talend", op, options: options) }
        return try await RunOutputs.run(
            dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]),
            clock: ManualClock(autoAdvance: true), masker: SecretMasker())
    }

    private func statusPath(_ id: String) -> String { "/processing/executions/\(id)" }

    private func deletes(of id: String, in simulator: TalendCloudSimulator) -> [Int] {
        simulator.requests(to: statusPath(id)).filter { $0.method == "DELETE" }.map(\.status)
    }

    private func expectNoToken(_ outputs: RunOutputs, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outputs.outputs(containing: Self.token).isEmpty, sourceLocation: sourceLocation)
    }

    @Test func aStatusFailingForAFewPollsIsRiddenOut() async throws {
        try await withTalendStandIn { simulator, connection in
            // Six failed requests: the hook's three attempts of two polls in a row.
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 6, retryAfterSeconds: 2,
                                               method: "GET"))
            let outputs = try await run(TalendJobOperator(executable: "job-succeeds"), on: simulator,
                                        connection: connection)
            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .success && task.tryNumber == 1)
            let id = try #require(simulator.startedExecutions().first?.executionID)
            #expect(simulator.startedExecutions().count == 1)
            #expect(deletes(of: id, in: simulator).isEmpty)
            #expect(outputs.console.contains("[talend] WARNING Status of Talend execution \(id) unavailable"))
            expectNoToken(outputs)
        }
    }

    @Test func aStatusThatStopsBeingJSONTerminatesTheRunAndTheRetryNeverDoublesIt() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.notJSON(path: "/processing/executions/*", count: 10_000, method: "GET"))
            let op = TalendJobOperator(executable: "job-succeeds", statusFailureTolerance: .minutes(2))
            let outputs = try await run(op, on: simulator, connection: connection)
            let started = simulator.startedExecutions().map(\.executionID)
            try #require(started.count == 2, "the first run, then one more once it had ended")
            let (first, second) = (started[0], started[1])

            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .success && task.tryNumber == 2)
            let firstTry = try #require(task.tries.first?.error)
            #expect(firstTry.contains("Talend task job-succeeds execution \(first): status unavailable for"))
            #expect(firstTry.contains("get status answered 200 but not the JSON expected: <html><body><h1>Gateway"))
            #expect(firstTry.hasSuffix("the execution was terminated"), "\(firstTry)")
            #expect(try await outputs.result.xcom(String.self, from: "talend") == second)

            // The first run was terminated and seen to end before the second started: never two at once.
            #expect(deletes(of: first, in: simulator) == [204])
            #expect(simulator.currentStatus(of: first)?.executionStatus == "EXECUTION_TERMINATED")
            #expect(simulator.peakExecutionsInFlight() == 1)
            #expect(outputs.console.contains("[talend] Terminated Talend execution \(first)"))
            #expect(outputs.console.contains("Talend execution \(first) of an earlier try may still be running"))
            expectNoToken(outputs)
        }
    }

    @Test func whenTerminatingFailsTooTheRetryFollowsTheSameRun() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.notJSON(path: "/processing/executions/*", count: 10_000, method: "GET"))
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 10_000, method: "DELETE"))
            let op = TalendJobOperator(executable: "job-succeeds", statusFailureTolerance: .minutes(2))
            let outputs = try await run(op, on: simulator, connection: connection)

            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .success && task.tryNumber == 2)
            let firstTry = try #require(task.tries.first?.error)
            #expect(firstTry.contains("terminating the execution failed, so it may still run"), "\(firstTry)")
            // The retry reattached: one run in all, which it followed to its success.
            let id = try #require(simulator.startedExecutions().first?.executionID)
            #expect(simulator.startedExecutions().count == 1)
            #expect(simulator.currentStatus(of: id)?.executionStatus == "EXECUTION_SUCCESS")
            #expect(try await outputs.result.xcom(String.self, from: "talend") == id)
            #expect(outputs.console.contains("[talend] ERROR Could not terminate Talend execution \(id)"))
            expectNoToken(outputs)
        }
    }

    @Test func anEndlessStatusBodyStopsFollowingAndTerminatesTheRun() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.endlessBody(path: "/processing/executions/*", count: 10, method: "GET"))
            let outputs = try await run(TalendJobOperator(executable: "job-long-running"), on: simulator,
                                        connection: connection)
            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .failed && task.tryNumber == 1, "a body over the limit does not heal")
            #expect(task.error?.contains("exceeds the limit of 16777216 bytes") == true, "\(task.error ?? "")")
            let id = try #require(simulator.startedExecutions().first?.executionID)
            #expect(simulator.startedExecutions().count == 1)
            #expect(deletes(of: id, in: simulator) == [204])
            #expect(simulator.currentStatus(of: id)?.executionStatus == "STOPPING_FLOW_EXECUTION")
            expectNoToken(outputs)
        }
    }

    @Test func aRefusedTokenFailsAtOnceAndStartsNothing() async throws {
        try await withTalendStandIn { simulator, connection in
            var revoked = connection
            let badToken = "revoked-talend-token-77"
            revoked.extra["Authorization"] = .string("Bearer \(badToken)")
            let outputs = try await run(TalendJobOperator(executable: "job-succeeds"), on: simulator,
                                        connection: revoked)
            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .failed && task.tryNumber == 1)
            #expect(task.error?.contains("answered 401 Unauthorized") == true, "\(task.error ?? "")")
            #expect(simulator.startedExecutions().isEmpty)
            #expect(outputs.outputs(containing: badToken).isEmpty)
        }
    }

    @Test func anUnknownConnectionFailsAtOnce() async throws {
        try await withTalendStandIn { simulator, connection in
            let outputs = try await run(TalendJobOperator(executable: "job-succeeds", talendConnID: "talend_eu"),
                                        on: simulator, connection: connection)
            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .failed && task.tryNumber == 1)
            #expect(task.error?.contains("connection 'talend_eu': not found") == true, "\(task.error ?? "")")
            #expect(simulator.requests().isEmpty)
        }
    }

    @Test func aResumedTryFollowsAKnownExecutionWithoutStartingOne() async throws {
        try await withTalendStandIn { simulator, connection in
            let hook = LiveTalendCloudHook(connection: try TalendConnection(connection))
            let id = try await hook.startExecution(TalendExecutionRequest(executable: "job-succeeds"),
                                                   logger: Logger(label: "test"))
            let op = TalendJobOperator(executable: "job-succeeds")
            let dag = try DAG("talend_resume") { dag in
                dag.task("talend") { context in try await op.follow(executionID: id, context: context) }
            }
            let outputs = try await RunOutputs.run(
                dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]),
                clock: ManualClock(autoAdvance: true), masker: SecretMasker())
            #expect(outputs.result.state == .success)
            #expect(try await outputs.result.xcom(String.self, from: "talend") == id)
            #expect(simulator.startedExecutions().map(\.executionID) == [id], "followed, not started again")
            #expect(outputs.console.contains("[talend] [talend INFO] Job finished"))
            expectNoToken(outputs)
        }
    }

    @Test func aRetryAfterATimeoutStartsOnlyOnceTheStoppedRunHasEnded() async throws {
        try await withTalendStandIn { simulator, connection in
            let dag = try DAG("talend_timeouts") { dag in
                dag.task("talend", TalendJobOperator(executable: "job-long-running"),
                         options: TaskOptions(retries: 1, retryDelay: .minutes(1), executionTimeout: .minutes(5)))
            }
            let outputs = try await RunOutputs.run(
                dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]),
                clock: ManualClock(autoAdvance: true), masker: SecretMasker())
            let task = try #require(outputs.result.taskInstances["talend"])
            #expect(task.state == .failed && task.tryNumber == 2)
            let started = simulator.startedExecutions().map(\.executionID)
            #expect(started.count == 2)
            for id in started { #expect(deletes(of: id, in: simulator) == [204], "\(id)") }
            #expect(simulator.currentStatus(of: started[0])?.executionStatus == "EXECUTION_TERMINATED")
            #expect(simulator.peakExecutionsInFlight() == 1, "the retry waited for the stopped run to end")
            expectNoToken(outputs)
        }
    }
}
