import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP
import UpdraftTesting
@testable import TalendAPIJobs

@Suite struct TalendAPIJobsTests {
    @Test func dagMatchesTheSeed() throws {
        let dag = try makeTalendAPIJobsDAG()
        #expect(dag.dagID == "talend_api_jobs")
        #expect(dag.schedule == .once)
        #expect(dag.tasks.map(\.taskID) == ["talend_api"])
        #expect(dag.defaultArgs.retries == 1)
        #expect(dag.defaultArgs.retryDelay == .minutes(5))
        #expect(dag.defaultArgs.owner == "airflow")
    }

    @Test func postsTheExecutableToTheLegacyEndpoint() async throws {
        let http = MockHTTPHook()
        http.stub("POST", "/tmc/v2.2/executions", status: 201, body: #"{"executionId":"e-42"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http])
        #expect(result.state == .success)
        #expect(try await result.xcom(String.self, from: "talend_api") == #"{"executionId":"e-42"}"#)
        let request = try #require(http.requests.first)
        #expect(request.method == .post)
        #expect(try request.bodyJSON() == ["executable": "5fb2f5126a1cd451b07bee7a"])
        #expect(request.effectiveHeaders["Content-Type"] == "application/json")
    }

    @Test func anAPIErrorFailsTheTaskAfterItsRetry() async throws {
        let http = MockHTTPHook()
        http.stub("POST", "/tmc/v2.2/executions", status: 503, body: #"{"status":503,"message":"Unavailable"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http])
        #expect(result.state == .failed)
        #expect(http.requests.count == 2, "retries: 1 from default_args")
        let error = try #require(result.taskInstances["talend_api"]?.error)
        #expect(error.contains("503:Service Unavailable"))
    }

    @Test func aRefusedTokenFailsAtOnce() async throws {
        let http = MockHTTPHook()
        http.stub("POST", "/tmc/v2.2/executions", status: 401, body: #"{"status":401,"message":"Unauthorized"}"#)
        let result = try await makeTalendAPIJobsDAG().test(hooks: ["talend_api": http])
        #expect(result.state == .failed)
        #expect(http.requests.count == 1, "no retry can fix a refused token")
        let error = try #require(result.taskInstances["talend_api"]?.error)
        #expect(error.contains("401:Unauthorized"))
    }
}
