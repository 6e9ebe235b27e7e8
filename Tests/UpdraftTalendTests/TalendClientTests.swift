import Logging
import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP
import UpdraftTalend
import UpdraftTesting

@Suite struct TalendClientTests {
    @Test func statusPhasesFollowTheClientRule() {
        func phase(_ status: String?, _ detailed: String?) -> TalendExecutionPhase {
            TalendExecutionStatus(executionId: "e", status: status, executionStatus: detailed).phase
        }
        #expect(phase("dispatching", "EXECUTION_EVENT_RECEIVED") == .inFlight)
        #expect(phase("executing", "STOPPING_FLOW_EXECUTION") == .inFlight)
        #expect(phase(nil, "STOPPING_FLOW_EXECUTION") == .inFlight)
        #expect(phase("execution_successful", "EXECUTION_SUCCESS") == .succeeded)
        #expect(phase("terminated_timeout", "EXECUTION_TERMINATED_TIMEOUT") == .failed)
        #expect(phase("deploy_failed", nil) == .failed)
        #expect(phase("terminated", "EXECUTION_TERMINATED") == .terminated)
        #expect(phase("execution_rejected", "EXECUTION_REJECTED") == .rejected)
        #expect(phase("brand_new", nil) == .unknown)
    }

    @Test func connectionsFromRegionTokenAndPrefix() throws {
        let region = try TalendConnection(GenericConnection(
            connID: "talend", connType: "http", password: "pat-token-1", extra: ["region": "eu",
                                                                                 "api_prefix": "/tmc/v2.2/"]))
        #expect(region.http.baseURL == "https://api.eu.cloud.talend.com")
        #expect(region.http.headers["Authorization"] == "Bearer pat-token-1")
        #expect(region.http.headers["region"] == nil)
        #expect(region.apiPrefix == .legacy)
        let seed = try TalendConnection(GenericConnection(
            connID: "talend_api", connType: "http", host: "https://api.us.cloud.talend.com",
            extra: ["Authorization": "Bearer abc12345"]))
        #expect(seed.apiPrefix == .processing && seed.region == nil)
        #expect(throws: ConnectionError.self) { try TalendConnection(GenericConnection(connID: "t")) }
    }

    @Test func theLiveHookSpeaksTalendsAPI() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/tmc/v2.2/executions", status: 201, body: #"{"executionId":"e-9"}"#)
        http.stub(.get, "/tmc/v2.2/executions/e-9",
                  body: #"{"executionId":"e-9","status":"executing","executionStatus":"STARTING_FLOW_EXECUTION"}"#)
        http.stub(.get, "/monitoring/executions/e-9/logs", status: 404)
        http.stub(.delete, "/tmc/v2.2/executions/e-9", status: 204)
        let hook = LiveTalendCloudHook(http: http, apiPrefix: .legacy)
        let logger = Logger(label: "test")
        #expect(try await hook.startExecution(TalendExecutionRequest(executable: "t-1", logLevel: .info),
                                              logger: logger) == "e-9")
        #expect(try await hook.executionStatus("e-9", logger: logger).phase == .inFlight)
        #expect(try await hook.executionLogs("e-9", startIndex: 5, count: 200, logger: logger) == .empty)
        try await hook.terminateExecution("e-9", logger: logger)
        let start = http.calls.all[0]
        #expect(try start.bodyJSON() == ["executable": "t-1", "logLevel": "INFO"])
        #expect(start.headers["Content-Type"] == "application/json")
        #expect(start.headers["Accept"] == "application/json")
        #expect(http.calls.all[2].pathAndQuery == "/monitoring/executions/e-9/logs?count=200&startIndex=5&order=ASC")
        #expect(http.calls.all[3].method == .delete)
    }

    @Test func errorResponsesBecomeTalendAPIErrors() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/processing/executions", status: 405,
                  body: #"{"status":405,"message":"Current Task is paused, it can't be executed","requestId":"r-1"}"#)
        let hook = LiveTalendCloudHook(http: http)
        let error = await #expect(throws: TalendAPIError.self) {
            try await hook.startExecution(TalendExecutionRequest(executable: "paused"), logger: Logger(label: "t"))
        }
        #expect(error?.status == 405)
        #expect(error?.description == """
            Talend Cloud API: start execution of task paused answered 405 Current Task is paused, it can't be \
            executed (requestId r-1)
            """)
    }
}
