import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP
import UpdraftTesting

@Suite struct SimpleHttpOperatorTests {
    @Test func getSendsDataAsQueryAndReturnsTheText() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/items", body: "[1,2]")
        let context = TaskContext.forTesting(hooks: ["api": http])
        let result = try await SimpleHttpOperator(
            method: "get", httpConnID: "api", endpoint: "/items", data: .form(["page": "2", "q": "a b"])
        ).execute(context: context)
        #expect(result == "[1,2]")
        let request = try #require(http.calls.all.first)
        #expect(request.method == .get && request.body == nil)
        #expect(request.pathAndQuery == "/items?page=2&q=a+b")
    }

    @Test func postSendsJSONOrFormBodies() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", status: 201, body: "{}")
        let context = TaskContext.forTesting(hooks: ["api": http])
        _ = try await SimpleHttpOperator(httpConnID: "api", endpoint: "/jobs", data: .json(["n": 1]))
            .execute(context: context)
        // Airflow's newer name for the same operator.
        _ = try await HttpOperator(httpConnID: "api", endpoint: "/jobs", data: .form(["n": "1"]),
                                   headers: ["X-Trace": "t1"]).execute(context: context)
        let (json, form) = (http.calls.all[0], http.calls.all[1])
        #expect(json.bodyText == #"{"n":1}"# && json.headers["Content-Type"] == "application/json")
        #expect(form.bodyText == "n=1")
        #expect(form.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(form.headers["X-Trace"] == "t1")
    }

    @Test func responseFilterAndCheck() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/status", body: #"{"state":"ok","count":3}"#)
        let context = TaskContext.forTesting(hooks: ["api": http])
        let filtered = try await SimpleHttpOperator(
            method: "GET", httpConnID: "api", endpoint: "/status",
            responseCheck: { try $0.json()["state"] == "ok" },
            responseFilter: { try $0.json()["count"] ?? .null }
        ).execute(context: context)
        #expect(filtered == 3)
        await #expect(throws: HTTPResponseCheckFailed.self) {
            try await SimpleHttpOperator(method: "GET", httpConnID: "api", endpoint: "/status",
                                         responseCheck: { _ in false }).execute(context: context)
        }
    }

    @Test func errorStatusFailsWithStatusReasonAndMaskedExcerpt() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", status: 503, body: #"{"message":"token tok-secret-1 is busy"}"#)
        let masker = SecretMasker()
        masker.register("tok-secret-1")
        let context = TaskContext.forTesting(hooks: ["api": http], masker: masker)
        let op = SimpleHttpOperator(httpConnID: "api", endpoint: "/jobs")
        let error = await #expect(throws: HTTPStatusError.self) { try await op.execute(context: context) }
        #expect(error?.status == 503 && error?.reason == "Service Unavailable")
        #expect(error?.description.hasPrefix("503:Service Unavailable") == true)
        // The mock does not know the run's masker; the engine masks error text, shown here with the masker.
        #expect(masker.mask(error.map { "\($0)" } ?? "").contains("token *** is busy"))
        var unchecked = op
        unchecked.extraOptions = ["check_response": false]
        #expect(try await unchecked.execute(context: context) == #"{"message":"token tok-secret-1 is busy"}"#)
    }

    @Test func refusedCredentialsFailAtOnceWithoutRetries() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/jobs", status: 403, body: #"{"message":"token tok-secret-1 has no access"}"#)
        let masker = SecretMasker()
        masker.register("tok-secret-1")
        let context = TaskContext.forTesting(hooks: ["api": http], masker: masker)
        let op = SimpleHttpOperator(httpConnID: "api", endpoint: "/jobs")
        let error = await #expect(throws: FailWithoutRetry.self) { try await op.execute(context: context) }
        let reason = error?.reason ?? ""
        #expect(reason.hasPrefix("403:Forbidden for POST /jobs"))
        #expect(masker.mask(reason).contains("token *** has no access"))
    }

    @Test func paginationFollowsPagesAndMerges() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/items", responses: [
            HTTPResponse(status: 200, body: Array(#"{"items":[1],"next":2}"#.utf8)),
            HTTPResponse(status: 200, body: Array(#"{"items":[2],"next":null}"#.utf8)),
        ])
        let context = TaskContext.forTesting(hooks: ["api": http])
        let result = try await SimpleHttpOperator(
            method: "GET", httpConnID: "api", endpoint: "/items", data: .form(["size": "1"]),
            responseFilter: { try $0.json()["items"] ?? .null },
            paginationFunction: { response in
                guard let next = try response.json()["next"]?.intValue else { return nil }
                return HTTPNextPage(data: .form(["page": "\(next)"]), headers: ["X-Page": "\(next)"])
            }
        ).execute(context: context)
        #expect(result == [[1], [2]])
        #expect(http.calls.all.map(\.pathAndQuery) == ["/items?size=1", "/items?page=2&size=1"])
        #expect(http.calls.all[1].headers["X-Page"] == "2")
    }

    @Test func sensitiveOperatorHeadersAreMaskedInLogs() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/me", body: "hello op-token-999")
        let logs = TaskLogStore()
        let context = TaskContext.forTesting(hooks: ["api": http], logs: logs)
        _ = try await SimpleHttpOperator(method: "GET", httpConnID: "api", endpoint: "/me",
                                         headers: ["Authorization": "Bearer op-token-999"], logResponse: true)
            .execute(context: context)
        let lines = logs.lines(taskID: "test_task", tryNumber: nil).map(\.message)
        #expect(lines.contains("hello ***"))
    }

    @Test func aMissingStubNamesTheRequest() async throws {
        let context = TaskContext.forTesting(hooks: ["api": MockHTTPHook()])
        let error = await #expect(throws: MockHTTPHookError.self) {
            try await SimpleHttpOperator(httpConnID: "api", endpoint: "/nowhere").execute(context: context)
        }
        #expect(error?.request == "POST /nowhere")
    }
}
