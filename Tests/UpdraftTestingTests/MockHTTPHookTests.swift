import Testing
import UpdraftTesting

@Suite struct MockHTTPHookTests {
    private let api = try! GenericConnection(connID: "api", json: """
        {"conn_type": "http", "host": "https://api.example.com", "login": "robot", "password": "pa55word-xyz",
         "extra": {"X-API-Key": "key-123456", "Accept": "application/json", "X-Team": "data"}}
        """)

    private func send(_ http: MockHTTPHook, headers: HTTPHeaders = [:], connections: [GenericConnection],
                      tryNumber: Int = 1) async throws -> HTTPResponse {
        let context = TaskContext.forTesting(taskID: "call_api", tryNumber: tryNumber, hooks: ["api": http],
                                             connections: connections)
        return try await context.httpHook(connID: "api").run(
            HTTPHookRequest(method: .post, endpoint: "/jobs", query: [("run", "1")],
                            defaultHeaders: ["Content-Type": "application/json", "X-Team": "default"],
                            headers: headers, body: Array(#"{"n":1}"#.utf8)),
            logger: context.logger)
    }

    @Test func recordsTheRequestAsTheLiveHookSendsItWithCredentialsMasked() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", status: 201)
        _ = try await send(http, headers: ["X-Team": "own"], connections: [api])

        let call = try #require(http.calls.all.first)
        #expect(call.connID == "api" && call.taskID == "call_api" && call.tryNumber == 1)
        #expect(call.url == "https://api.example.com/jobs?run=1")
        #expect(call.headers["X-Team"] == "own", "the request's own headers win over default headers and extras")
        #expect(call.headers["Accept"] == "application/json")
        #expect(call.headers["Content-Type"] == "application/json")
        #expect(call.headers["X-API-Key"] == "***")
        #expect(call.headers["Authorization"] == "Basic ***", "Basic auth from the login, as the live hook adds it")
        let clear = call.headers(revealingSecrets: true)
        #expect(clear["X-API-Key"] == "key-123456")
        #expect(clear["Authorization"] == "Basic cm9ib3Q6cGE1NXdvcmQteHl6")
        #expect(call.bodyText == #"{"n":1}"#)
    }

    @Test func withoutTheConnectionItRecordsWhatTheOperatorGave() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", status: 201)
        _ = try await send(http, headers: ["Authorization": "Bearer op-token-1"], connections: [])
        let call = try #require(http.calls.all.first)
        #expect(call.connID == nil && call.url == "/jobs?run=1")
        #expect(call.headers["Authorization"] == "Bearer ***")
        #expect(call.headers["X-Team"] == "default")
    }

    @Test func answersAreScriptedPerTryOrPerRequest() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", tries: [.status(503), .status(201, body: "second")])
        await #expect(throws: HTTPStatusError.self) { try await send(http, connections: [api], tryNumber: 1) }
        await #expect(throws: HTTPStatusError.self) { try await send(http, connections: [api], tryNumber: 1) }
        #expect(try await send(http, connections: [api], tryNumber: 2).bodyText == "second")
        #expect(try await send(http, connections: [api], tryNumber: 3).bodyText == "second", "the last one repeats")

        let ordered = MockHTTPHook()
        ordered.stub(.post, "/jobs", responses: [HTTPResponse(status: 202), HTTPResponse(status: 200)])
        #expect(try await send(ordered, connections: [api]).status == 202)
        #expect(try await send(ordered, connections: [api]).status == 200)
        #expect(ordered.calls(.post, "/jobs").count == 2 && ordered.calls(.get, "/jobs").isEmpty)
    }

    @Test func aRequestWithoutAStubFailsNamingTheStubs() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/status", status: 200)
        let error = await #expect(throws: MockHTTPHookError.self) { try await send(http, connections: [api]) }
        #expect(error?.description == "MockHTTPHook has no stub for POST /jobs; stubs: GET /status")
        #expect(http.calls.count == 1, "the request is recorded all the same")
    }
}
