import Foundation
import FaultTestSupport
import Testing
import Updraft
import UpdraftHTTP
import UpdraftSandbox
import UpdraftTesting

/// SimpleHttpOperator runs against the Talend stand-in with injected faults, each ending in the right task state
/// (a configuration error fails the try at once, a transient fault uses the retries) with no secret in the
/// console, the run JSON or the report.
@Suite struct HTTPFaultTests {
    static let token = TalendCloudSimulator.defaultToken

    /// One GET task with three tries allowed, run live; `connections` default to `connection` alone.
    private func run(
        _ op: SimpleHttpOperator, connection: GenericConnection?, sources: [any ConnectionSource]? = nil,
        clock: ManualClock = ManualClock(autoAdvance: true)
    ) async throws -> RunOutputs {
        let dag = try DAG("http_faults") { dag in
            dag.task("call", op, options: TaskOptions(retries: 2, retryDelay: .seconds(30)))
        }
        let resolver = ConnectionResolver(sources: sources ?? [InMemoryConnectionSource(connection.map { [$0] } ?? [])])
        return try await RunOutputs.run(dag, connections: resolver, clock: clock, masker: SecretMasker())
    }

    private func get(_ endpoint: String, connID: String = "talend_api", options: [String: JSONValue] = [:],
                     logResponse: Bool = false, retry: HTTPRetryPolicy = .default) -> SimpleHttpOperator {
        SimpleHttpOperator(method: "GET", httpConnID: connID, endpoint: endpoint, extraOptions: options,
                           logResponse: logResponse, retry: retry)
    }

    private func expectNoSecret(_ outputs: RunOutputs, _ secret: String = token,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outputs.outputs(containing: secret).isEmpty, "\(secret) leaked", sourceLocation: sourceLocation)
    }

    @Test func anEndlessBodyFailsTheTryAtOnceNamingTheLimitAndTheURL() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.endlessBody(path: "/processing/executions/*", count: 10))
            let outputs = try await run(get("/processing/executions/endless"), connection: connection)
            let task = try #require(outputs.result.taskInstances["call"])
            #expect(task.state == .failed && task.tryNumber == 1, "no retry can make the body shorter")
            let error = try #require(task.error)
            #expect(error.contains("exceeds the limit of 16777216 bytes (16 MiB)"), "\(error)")
            #expect(error.contains("\(connection.host ?? "")/processing/executions/endless"), "\(error)")
            #expect(simulator.requests(to: "/processing/executions/endless").count == 1)
            #expect(outputs.runJSON.utf8.count < 100_000)
            expectNoSecret(outputs)
        }
    }

    @Test func aHugeBodyIsRefusedFromItsLengthUnderAConfiguredLimit() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.hugeBody(path: "/processing/executions/*", bytes: 1 << 30))
            let outputs = try await run(get("/processing/executions/huge", options: ["max_response_size": 1_048_576]),
                                        connection: connection)
            let task = try #require(outputs.result.taskInstances["call"])
            #expect(task.state == .failed && task.tryNumber == 1)
            #expect(task.error?.contains("exceeds the limit of 1048576 bytes (1 MiB)") == true, "\(task.error ?? "")")
            expectNoSecret(outputs)
        }
    }

    @Test func aLargeResultAndItsLoggedTextAreCutWithAMark() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.hugeBody(path: "/processing/executions/*", bytes: 3 << 20))
            let outputs = try await run(get("/processing/executions/large", logResponse: true),
                                        connection: connection)
            #expect(outputs.result.state == .success)
            let result = try #require(try await outputs.result.xcom(String.self, from: "call"))
            #expect(result.hasSuffix(" … [truncated: first 1048576 of 3145728 bytes kept]"))
            #expect(result.utf8.count < (1 << 20) + 100)
            let logged = try #require(outputs.result.logLines(of: "call").map(\.message).first { $0.hasPrefix("abcdefgh") })
            #expect(logged.hasSuffix(" … [truncated: first 65536 of 3145728 bytes kept]"))
            #expect(outputs.runJSON.utf8.count < 3 << 20, "the run JSON keeps the capped texts only")
            expectNoSecret(outputs)
        }
    }

    @Test func serverErrorBurstsAreRiddenOutHonouringRetryAfter() async throws {
        try await withTalendStandIn { simulator, connection in
            let clock = ManualClock(autoAdvance: true)
            let started = clock.now()
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 2, retryAfterSeconds: 30))
            simulator.injectFault(.rateLimited(path: "/processing/executions", count: 1, retryAfterSeconds: 5))
            let dag = try DAG("http_bursts") { dag in
                let start = dag.task("start", SimpleHttpOperator(
                    httpConnID: "talend_api", endpoint: "/processing/executions",
                    data: .json(["executable": "job-succeeds"])))
                // The stand-in does not know this run (404): the answer is kept as it is.
                start >> dag.task("status", get("/processing/executions/any", options: ["check_response": false]))
            }
            let outputs = try await RunOutputs.run(
                dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]), clock: clock,
                masker: SecretMasker())
            #expect(outputs.result.state == .success)
            #expect(simulator.requests(to: "/processing/executions").map(\.status) == [429, 201])
            #expect(simulator.requests(to: "/processing/executions/any").map(\.status) == [503, 503, 404])
            #expect(clock.now().timeIntervalSince(started) >= 65, "5 s, then 30 s twice, as the server asked")
            #expect(outputs.console.contains("[status] WARNING GET"), "\(outputs.console)")
            expectNoSecret(outputs)
        }
    }

    @Test func refusedCredentialsFailAtOnce() async throws {
        try await withTalendStandIn { _, connection in
            var wrong = connection
            let badToken = "revoked-token-5150"
            wrong.extra["Authorization"] = .string("Bearer \(badToken)")
            let outputs = try await run(get("/processing/executions/any"), connection: wrong)
            let task = try #require(outputs.result.taskInstances["call"])
            #expect(task.state == .failed && task.tryNumber == 1, "retries cannot fix a refused token")
            #expect(task.error?.hasPrefix("401:Unauthorized for GET") == true, "\(task.error ?? "")")
            #expect(task.error?.contains("not retried") == true)
            expectNoSecret(outputs, badToken)
        }
    }

    @Test func unknownConnectionsFailAtOnceAndAnEmptyVariableCountsAsUnset() async throws {
        try await withTalendStandIn { _, connection in
            let environment = EnvironmentConnectionSource(environment: ["AIRFLOW_CONN_TALEND_API": ""])
            let sources: [any ConnectionSource] = [environment, InMemoryConnectionSource([connection])]
            let found = try await run(get("/processing/executions/any", options: ["check_response": false]),
                                      connection: nil, sources: sources)
            #expect(found.result.state == .success, "the empty variable does not hide the next source")

            let missing = try await run(get("/x", connID: "reports_api"), connection: nil, sources: sources)
            let task = try #require(missing.result.taskInstances["call"])
            #expect(task.state == .failed && task.tryNumber == 1)
            #expect(task.error?.contains("connection 'reports_api': not found") == true, "\(task.error ?? "")")
            #expect(task.error?.contains("environment variable AIRFLOW_CONN_REPORTS_API") == true)
            expectNoSecret(missing)
        }
    }

    @Test func aMalformedConnectionFailsAtOnceWithoutItsPassword() async throws {
        let password = "p4ss-secret-9931"
        let environment = EnvironmentConnectionSource(environment: ["AIRFLOW_CONN_BROKEN_API": """
            {"conn_type": "http", "host": "127.0.0.1", "login": "etl", "password": "\(password)",
             "extra": {"timeout": "soon"}}
            """])
        let outputs = try await run(get("/x", connID: "broken_api"), connection: nil, sources: [environment])
        let task = try #require(outputs.result.taskInstances["call"])
        #expect(task.state == .failed && task.tryNumber == 1)
        #expect(task.error?.contains("extra option 'timeout' must be") == true, "\(task.error ?? "")")
        expectNoSecret(outputs, password)
    }

    @Test func aRefusedConnectionUsesTheRetries() async throws {
        let closed = GenericConnection(connID: "talend_api", connType: "http", host: "127.0.0.1", port: 9,
                                       extra: ["Authorization": .string("Bearer \(Self.token)")])
        let outputs = try await run(get("/x", retry: .never), connection: closed)
        let task = try #require(outputs.result.taskInstances["call"])
        #expect(task.state == .failed && task.tryNumber == 3, "a transient fault is retried")
        #expect(task.error?.contains("couldNotConnect") == true, "\(task.error ?? "")")
        expectNoSecret(outputs)
    }

    @Test func aStalledBodyTimesOutAndIsRetried() async throws {
        try await withTalendStandIn { simulator, connection in
            simulator.injectFault(.slowBody(path: "/processing/executions/*", interval: .milliseconds(100), count: 3))
            let op = get("/processing/executions/slow", options: ["timeout": 1], retry: .never)
            let outputs = try await run(op, connection: connection)
            let task = try #require(outputs.result.taskInstances["call"])
            #expect(task.state == .failed && task.tryNumber == 3)
            #expect(task.error?.contains("timedOut") == true, "\(task.error ?? "")")
            expectNoSecret(outputs)
        }
    }

    @Test func aSensorWhoseTokenIsRefusedFailsAtOnce() async throws {
        try await withTalendStandIn { _, connection in
            var wrong = connection
            wrong.extra["Authorization"] = .string("Bearer revoked-sensor-token-42")
            let dag = try DAG("sensor_faults") { dag in
                dag.task("wait", HttpSensor(endpoint: "/processing/executions/any", httpConnID: "talend_api"),
                         options: TaskOptions(retries: 2))
            }
            let outputs = try await RunOutputs.run(
                dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([wrong])]),
                clock: ManualClock(autoAdvance: true), masker: SecretMasker())
            let task = try #require(outputs.result.taskInstances["wait"])
            #expect(task.state == .failed && task.tryNumber == 1)
            #expect(task.error?.hasPrefix("401:Unauthorized") == true, "\(task.error ?? "")")
            expectNoSecret(outputs, "revoked-sensor-token-42")
        }
    }
}
