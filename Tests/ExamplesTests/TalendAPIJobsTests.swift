import Testing
import UpdraftTesting
@testable import TalendAPIJobs

@Suite struct TalendAPIJobsTests {
    /// The connection a deployment sets in `AIRFLOW_CONN_TALEND_API`, as the seed's README describes it.
    static let talendAPI = try! GenericConnection(connID: "talend_api", json: """
        {"conn_type": "http", "host": "https://api.eu.cloud.talend.com",
         "extra": {"Authorization": "Bearer seed-token-5fb2f5"}}
        """)

    @Test func dagMatchesTheSeed() throws {
        let dag = try makeTalendAPIJobsDAG()
        #expect(dag.dagID == "talend_api_jobs")
        #expect(dag.schedule == .once)
        #expect(dag.tasks.map(\.taskID) == ["talend_api"])
        #expect(dag.defaultArgs.retries == 1)
        #expect(dag.defaultArgs.retryDelay == .minutes(5))
        #expect(dag.defaultArgs.owner == "airflow")
    }

    @Test func postsTheExecutableWithTheConnectionsBearerToken() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/tmc/v2.2/executions", status: 201, body: #"{"executionId":"e-42"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http], connections: [Self.talendAPI])
        #expect(result.state == .success)
        #expect(try await result.xcom(String.self, from: "talend_api") == #"{"executionId":"e-42"}"#)
        let sent = try #require(http.calls.all.first)
        #expect(sent.method == .post)
        #expect(sent.url == "https://api.eu.cloud.talend.com/tmc/v2.2/executions")
        #expect(try sent.bodyJSON() == ["executable": "5fb2f5126a1cd451b07bee7a"])
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.headers["Authorization"] == "Bearer ***", "masked unless the test asks")
        #expect(sent.headers(revealingSecrets: true)["Authorization"] == "Bearer seed-token-5fb2f5")
        #expect(sent.taskID == "talend_api")
        let logs = result.logLines(of: "talend_api").map(\.message).joined(separator: "\n")
        #expect(!logs.contains("seed-token-5fb2f5"))
    }

    @Test func a503OnTheFirstTryIsRetriedAndTheSecondTryGetsA201() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/tmc/v2.2/executions", tries: [.status(503), .status(201, body: #"{"executionId":"e-2"}"#)])
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http], connections: [Self.talendAPI])
        #expect(result.state == .success)
        #expect(result.taskInstances["talend_api"]?.tryNumber == 2)
        #expect(http.calls.all.map(\.tryNumber) == [1, 2])
        #expect(try await result.xcom(String.self, from: "talend_api") == #"{"executionId":"e-2"}"#)
    }

    @Test func anAPIErrorFailsTheTaskAfterItsRetry() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/tmc/v2.2/executions", status: 503, body: #"{"status":503,"message":"Unavailable"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http])
        #expect(result.state == .failed)
        #expect(http.calls.count == 2, "retries: 1 from default_args")
        let error = try #require(result.taskInstances["talend_api"]?.error)
        #expect(error.contains("503:Service Unavailable"))
    }

    @Test func aRefusedTokenFailsAtOnce() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/tmc/v2.2/executions", status: 401, body: #"{"status":401,"message":"Unauthorized"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http])
        #expect(result.state == .failed)
        #expect(http.calls.count == 1, "no retry can fix a refused token")
        let error = try #require(result.taskInstances["talend_api"]?.error)
        #expect(error.contains("401:Unauthorized"))
    }
}
