import Foundation
import Synchronization
import Testing
import UpdraftSandbox

@Suite struct TalendCloudSimulatorTests {
    @Test func successfulRunProgressesPerPollAndServesPagedLogs() async throws {
        try await withTalendSimulator { simulator, talend in
            let start = try await talend.start(
                #"{"executable":"job-succeeds","parameters":{"target_date":"2024-01-01"},"logLevel":"INFO","# +
                    #""timeout":30}"#)
            #expect(start.status == 201)
            #expect(start.headers["content-type"] == "application/json")
            let id = try #require(try start.json()["executionId"] as? String)
            #expect(UUID(uuidString: id) != nil)

            let first = try await talend.poll(id)
            #expect(first.detailed == "EXECUTION_EVENT_RECEIVED" && first.coarse == "dispatching")
            #expect(first.body["startTimestamp"] == nil && first.body["finishTimestamp"] == nil)
            #expect(try await talend.logs(id).status == 404, "no logs before the run starts")
            let second = try await talend.poll(id)
            #expect(second.detailed == "DISPATCHING_FLOW" && second.coarse == "dispatching")
            let third = try await talend.poll(id)
            #expect(third.detailed == "STARTING_FLOW_EXECUTION" && third.coarse == "executing")
            #expect(third.body["startTimestamp"] is String)
            let done = try await talend.poll(id)
            #expect(done.detailed == "EXECUTION_SUCCESS" && done.coarse == "execution_successful")
            #expect(done.body["finishTimestamp"] is String)
            #expect(done.body["jobId"] as? String == "job-succeeds")
            #expect(done.body["executionId"] as? String == id)
            #expect(done.body["apiVersion"] as? String == "2021-03")
            #expect(done.body["timeout"] as? Int == 30)
            #expect(done.body["numberOfProcessedRows"] as? Int == 42)
            let trigger = try #require(done.body["triggerTimestamp"] as? String)
            #expect(trigger.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(trigger)")
            #expect(try await talend.poll(id).detailed == "EXECUTION_SUCCESS", "terminal states stay")

            let page1 = try await talend.logs(id, query: "?count=2&startIndex=0&order=ASC").json()
            let lines1 = try #require(page1["data"] as? [[String: Any]])
            #expect(lines1.map { $0["logMessage"] as? String } == ["Job started", "Processing rows"])
            #expect(lines1.first?["severity"] as? String == "INFO")
            #expect(lines1.first?["logTimestamp"] is Int)
            #expect(page1["nextIndex"] as? Int == 2)
            let page2 = try await talend.logs(id, query: "?count=2&startIndex=2&order=ASC").json()
            #expect((page2["data"] as? [[String: Any]])?.map { $0["logMessage"] as? String } == ["Job finished"])
            #expect(page2["nextIndex"] == nil)
            let newest = try await talend.logs(id, query: "?count=1&order=DESC").json()
            #expect((newest["data"] as? [[String: Any]])?.first?["logMessage"] as? String == "Job finished")
            #expect(try await talend.logs(id, query: "?count=201").status == 400)

            let started = simulator.startedExecutions()
            #expect(started.count == 1)
            #expect(started.first?.executionID == id)
            #expect(started.first?.request.parameters == ["target_date": "2024-01-01"])
            #expect(started.first?.request.logLevel == "INFO")
        }
    }

    @Test func failingRunReportsItsError() async throws {
        try await withTalendSimulator { _, talend in
            let id = try await talend.startExecution("job-fails")
            var last = try await talend.poll(id)
            for _ in 1..<4 { last = try await talend.poll(id) }
            #expect(last.detailed == "EXECUTION_FAILED" && last.coarse == "execution_failed")
            #expect((last.body["errorMessage"] as? String)?.contains("tDie_1") == true)
            let logs = try await talend.logs(id, query: "?order=DESC&count=1").json()
            #expect((logs["data"] as? [[String: Any]])?.first?["severity"] as? String == "ERROR")
        }
    }

    @Test func terminateStopsALongRun() async throws {
        try await withTalendSimulator { _, talend in
            let id = try await talend.startExecution("job-long-running")
            for _ in 0..<6 { _ = try await talend.poll(id) }
            #expect(try await talend.poll(id).detailed == "STARTING_FLOW_EXECUTION")
            #expect(try await talend.terminate(id).status == 204)
            let stopping = try await talend.poll(id)
            #expect(stopping.detailed == "STOPPING_FLOW_EXECUTION" && stopping.coarse == "executing")
            let stopped = try await talend.poll(id)
            #expect(stopped.detailed == "EXECUTION_TERMINATED" && stopped.coarse == "terminated")
            #expect(stopped.body["finishTimestamp"] is String)
            #expect(try await talend.terminate(id).status == 204, "terminating a finished run changes nothing")
            #expect(try await talend.poll(id).detailed == "EXECUTION_TERMINATED")
            let logs = try await talend.logs(id, query: "?order=DESC&count=1").json()
            #expect((logs["data"] as? [[String: Any]])?.first?["logMessage"] as? String == "Job terminated by user")
        }
    }

    @Test func otherTerminalStates() async throws {
        try await withTalendSimulator { _, talend in
            let rejected = try await talend.startExecution("job-rejects-rows")
            var state = try await talend.poll(rejected)
            for _ in 1..<4 { state = try await talend.poll(rejected) }
            #expect(state.detailed == "EXECUTION_REJECTED" && state.coarse == "execution_rejected")
            #expect(state.body["numberOfRejectedRows"] as? Int == 3)

            let misfired = try await talend.startExecution("job-deploy-fails")
            _ = try await talend.poll(misfired)
            state = try await talend.poll(misfired)
            #expect(state.detailed == "DEPLOY_FAILED" && state.coarse == "deploy_failed")
            #expect(state.body["misfiredExecutionReason"] as? String == "PARALLEL_EXECUTION_FORBIDDEN")
            #expect(state.body["startTimestamp"] == nil)
            #expect(try await talend.logs(misfired).status == 404)

            let timedOut = try await talend.startExecution("job-times-out")
            for _ in 0..<4 { state = try await talend.poll(timedOut) }
            #expect(state.detailed == "EXECUTION_TERMINATED_TIMEOUT" && state.coarse == "terminated_timeout")

            #expect(try await talend.start(#"{"executable":"job-paused"}"#).status == 405)
            #expect(try await talend.start(#"{"executable":"job-not-configured"}"#).status == 501)
            #expect(try await talend.start(#"{"executable":"job-forbidden"}"#).status == 403)
        }
    }

    @Test func rejectsMissingOrWrongTokensWithoutRecordingThem() async throws {
        try await withTalendSimulator { simulator, talend in
            let url = "\(talend.baseURL)/processing/executions"
            let body = #"{"executable":"job-succeeds"}"#
            for headers in [[], ["Authorization: Bearer wrong-token"], ["Authorization: sandbox-talend-token"]] {
                let response = try await send("POST", url, headers: headers, body: body)
                #expect(response.status == 401)
                let error = try response.json()
                #expect(error["status"] as? Int == 401)
                #expect(error["message"] as? String == "Unauthorized")
                #expect(error["detail"] as? String == "Token authorization is required for access")
                #expect(error["requestId"] is String)
            }
            #expect(try await talend.start(body).status == 201)
            let recorded = simulator.requests(to: "/processing/executions")
            #expect(recorded.map(\.status) == [401, 401, 401, 201])
            #expect(recorded.last?.header("authorization") == "Bearer <redacted>")
            #expect(recorded[2].header("authorization") == "<redacted>")
            #expect(recorded.last?.bodyText == body)
            #expect(recorded.last?.method == "POST")
            let everything = recorded.flatMap { $0.headers.map(\.value) }
            #expect(!everything.contains { $0.contains(TalendCloudSimulator.defaultToken) })
        }
    }

    @Test func serviceAccountsGetAccessTokensThatExpireAfterThirtyMinutes() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let simulator = TalendCloudSimulator(configuration: TalendCloudSimulator.Configuration(
            now: { clock.withLock { $0 } }))
        try await withTalendSimulator(simulator) { simulator, talend in
            let account = TalendCloudSimulator.defaultServiceAccount
            func requestToken(_ secret: String, body: String) async throws -> HTTPResult {
                let basic = Data("\(account.clientID):\(secret)".utf8).base64EncodedString()
                return try await send("POST", "\(talend.baseURL)/security/oauth/token",
                                      headers: ["Authorization: Basic \(basic)"], body: body)
            }
            let grant = #"{"audience":"https://api.eu.cloud.talend.com","grant_type":"client_credentials"}"#
            #expect(try await requestToken("wrong", body: grant).status == 401)
            #expect(try await requestToken(account.clientSecret, body: #"{"grant_type":"password"}"#).status == 400)
            let issued = try await requestToken(account.clientSecret, body: grant)
            #expect(issued.status == 200)
            let json = try issued.json()
            let token = try #require(json["access_token"] as? String)
            #expect(json["token_type"] as? String == "Bearer" && json["expires_in"] as? Int == 1800)

            var withToken = talend
            withToken.token = token
            #expect(try await withToken.start(#"{"executable":"job-succeeds"}"#).status == 201)
            clock.withLock { $0 += 29 * 60 }
            #expect(try await withToken.start(#"{"executable":"job-succeeds"}"#).status == 201)
            clock.withLock { $0 += 60 }
            #expect(try await withToken.start(#"{"executable":"job-succeeds"}"#).status == 401, "expired after 30 min")
            let recorded = try #require(simulator.requests(to: "/security/oauth/token").first)
            #expect(recorded.header("Authorization") == "Basic <redacted>")
        }
    }

    @Test func unknownThingsAnswer404() async throws {
        try await withTalendSimulator { _, talend in
            let unknownTask = try await talend.start(#"{"executable":"57f64991e4b0b689a64feed0"}"#)
            #expect(unknownTask.status == 404)
            #expect(try unknownTask.json()["status"] as? Int == 404)
            let missing = UUID().uuidString.lowercased()
            #expect(try await talend.status(missing).status == 404)
            #expect(try await talend.terminate(missing).status == 404)
            #expect(try await talend.logs(missing).status == 404)
            #expect(try await send("GET", "\(talend.baseURL)/elsewhere", headers: talend.authorization).status == 404)
        }
    }

    @Test func invalidStartBodiesAnswer400() async throws {
        try await withTalendSimulator { _, talend in
            for body in [
                "{not json", "[]", #"{}"#, #"{"executable":""}"#, #"{"executable":"job-succeeds","logLevel":"DEBUG"}"#,
                #"{"executable":"job-succeeds","timeout":0}"#, #"{"executable":"job-succeeds","timeout":1.5}"#,
                #"{"executable":"job-succeeds","parameters":{"n":1}}"#,
                #"{"executable":"job-succeeds","parameters":[]}"#,
            ] {
                let response = try await talend.start(body)
                #expect(response.status == 400, "\(body)")
                #expect(try response.json()["message"] as? String == "Bad Request")
            }
        }
    }

    @Test func legacyPathsBehaveTheSame() async throws {
        try await withTalendSimulator { _, processing in
            var talend = processing
            talend.prefix = "/tmc/v2.2"
            let id = try await talend.startExecution("job-succeeds")
            var state = try await talend.poll(id)
            for _ in 1..<4 { state = try await talend.poll(id) }
            #expect(state.detailed == "EXECUTION_SUCCESS")
            #expect(state.body["apiVersion"] == nil, "only /processing runs report apiVersion")
            #expect(try await processing.poll(id).detailed == "EXECUTION_SUCCESS", "one run, both paths")
            talend.prefix = "/tmc/v2.6"
            #expect(try await talend.status(id).status == 200)
        }
    }

    @Test func injectedFaultsAnswerBeforeTheRealEndpoint() async throws {
        try await withTalendSimulator { simulator, talend in
            simulator.injectFault(.unavailable(path: "/processing/executions", count: 2, method: "POST"))
            let body = #"{"executable":"job-succeeds"}"#
            let first = try await talend.start(body)
            #expect(first.status == 503)
            #expect(try first.json()["status"] as? Int == 503)
            #expect(try await talend.start(body).status == 503)
            let id = try #require(try await talend.start(body).json()["executionId"] as? String)

            simulator.injectFault(.rateLimited(path: "/processing/executions/\(id)", retryAfterSeconds: 2))
            let limited = try await talend.status(id)
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "2")
            #expect(try await talend.poll(id).detailed == "EXECUTION_EVENT_RECEIVED", "a faulted poll does not advance")

            simulator.injectFault(.serverError(path: "/monitoring/executions/\(id)/logs"))
            #expect(try await talend.logs(id).status == 500)
            #expect(simulator.requests().map(\.status) == [503, 503, 201, 429, 200, 500])
        }
    }

    @Test func wildcardFaultsMatchEveryRunsStatus() async throws {
        try await withTalendSimulator { simulator, talend in
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 2, method: "GET"))
            let first = try await talend.startExecution("job-succeeds")
            let second = try await talend.startExecution("job-succeeds")
            #expect(try await talend.status(first).status == 503)
            #expect(try await talend.status(second).status == 503)
            #expect(try await talend.poll(first).detailed == "EXECUTION_EVENT_RECEIVED")
            #expect(try await talend.terminate(second).status == 204, "other methods are not faulted")
        }
    }

    @Test func customScriptsAndTokens() async throws {
        let simulator = TalendCloudSimulator(
            configuration: .init(tokens: ["custom-token"], jobs: ["nightly": .succeeds(afterPolls: 1, logLines: [])]))
        simulator.setScript(.fails(message: "boom", afterPolls: 2), for: "flaky")
        try await withTalendSimulator(simulator) { _, client in
            var talend = client
            talend.token = "custom-token"
            let nightly = try await talend.startExecution("nightly")
            #expect(try await talend.poll(nightly).detailed == "EXECUTION_SUCCESS")
            let flaky = try await talend.startExecution("flaky")
            _ = try await talend.poll(flaky)
            #expect(try await talend.poll(flaky).body["errorMessage"] as? String == "boom")
            #expect(try await talend.start(#"{"executable":"job-succeeds"}"#).status == 404)
        }
    }
}
