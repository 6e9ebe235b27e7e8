import Foundation
import Logging
import FaultTestSupport
import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP
import UpdraftSandbox
import UpdraftTalend
import UpdraftTesting

/// A Talend connection with a service account (`client_id`, `client_secret`) against the stand-in over loopback:
/// the hook gets an access token, reuses it, renews it before it lapses and when Talend refuses it, and never
/// lets the secret out.
@Suite struct TalendServiceAccountTests {
    private let account = TalendCloudSimulator.defaultServiceAccount
    private let logger = Logger(label: "test")

    /// The stand-in, its own clock (moved by the test to expire tokens on the server side only) and a connection.
    private func withSimulator(
        secret: String? = nil, _ body: (TalendCloudSimulator, ManualClock, GenericConnection) async throws -> Void
    ) async throws {
        let serverTime = ManualClock()
        let simulator = TalendCloudSimulator(configuration: TalendCloudSimulator.Configuration(
            now: { serverTime.now() }))
        let extra: [String: JSONValue] = [
            "client_id": .string(account.clientID), "client_secret": .string(secret ?? account.clientSecret),
        ]
        try await withTalendStandIn(simulator, extra: extra) { simulator, connection in
            try await body(simulator, serverTime, connection)
        }
    }

    @Test func oneTokenServesManyCallsAndIsRenewedBeforeItLapses() async throws {
        try await withSimulator { simulator, serverTime, generic in
            let clock = ManualClock(now: serverTime.now())
            let hook = LiveTalendCloudHook(connection: try TalendConnection(generic), clock: clock)
            let id = try await hook.startExecution(TalendExecutionRequest(executable: "job-succeeds"), logger: logger)
            _ = try await hook.executionStatus(id, logger: logger)
            _ = try await hook.executionLogs(id, startIndex: 0, count: 10, logger: logger)
            let tokenRequests = { simulator.requests(to: "/security/oauth/token") }
            #expect(tokenRequests().count == 1)
            let grant = try #require(tokenRequests().first)
            #expect(grant.header("Authorization") == "Basic <redacted>")
            #expect(grant.bodyText.contains(#""grant_type":"client_credentials""#))
            #expect(grant.bodyText.contains(#""audience":"http:\/\/127.0.0.1:"#), "the API's origin")
            let start = try #require(simulator.requests(to: "/processing/executions").first)
            #expect(start.status == 201 && start.header("Authorization") == "Bearer <redacted>")

            // 29 minutes on: a minute before the 30-minute expiry, the hook asks for a new token first.
            clock.advance(by: .seconds(29 * 60))
            serverTime.advance(by: .seconds(29 * 60))
            _ = try await hook.executionStatus(id, logger: logger)
            #expect(tokenRequests().count == 2)
        }
    }

    @Test func aTokenTalendRefusesIsReplacedOnce() async throws {
        try await withSimulator { simulator, serverTime, generic in
            let clock = ManualClock(now: serverTime.now())
            let hook = LiveTalendCloudHook(connection: try TalendConnection(generic), clock: clock)
            let id = try await hook.startExecution(TalendExecutionRequest(executable: "job-succeeds"), logger: logger)
            // The server's clock runs ahead: it has expired the token the hook still trusts.
            serverTime.advance(by: .seconds(31 * 60))
            #expect(try await hook.executionStatus(id, logger: logger).executionId == id)
            #expect(simulator.requests(to: "/security/oauth/token").count == 2)
            #expect(simulator.requests(to: "/processing/executions/\(id)").map(\.status) == [401, 200])
        }
    }

    @Test func wrongCredentialsFailTypedWithoutTheSecret() async throws {
        let secret = "not-the-secret-42"
        try await withSimulator(secret: secret) { simulator, _, generic in
            let masker = SecretMasker()
            let hook = LiveTalendCloudHook(connection: try TalendConnection(generic), masker: masker)
            let error = await #expect(throws: TalendAPIError.self) {
                try await hook.startExecution(TalendExecutionRequest(executable: "job-succeeds"), logger: logger)
            }
            #expect(error?.status == 401)
            #expect(error?.operation == "get an access token for service account \(account.clientID)")
            #expect(error.map { !String(describing: $0).contains(secret) } == true)
            #expect(masker.mask("secret \(secret)") == "secret ***")
            #expect(simulator.requests(to: "/processing/executions").isEmpty, "no call without a token")
        }
    }

    @Test func connectionsTakeBothCredentialsAndNotWithAToken() throws {
        let connection = try TalendConnection(GenericConnection(
            connID: "talend", connType: "http", extra: ["region": "eu", "client_id": "sa-1", "client_secret": "s3"]))
        #expect(connection.serviceAccount == TalendServiceAccount(clientID: "sa-1", clientSecret: "s3"))
        #expect(connection.http.headers["client_id"] == nil && connection.http.headers["client_secret"] == nil)
        #expect(connection.http.headers["Authorization"] == nil)
        #expect(String(describing: connection.serviceAccount!) == "service account sa-1")
        #expect(throws: ConnectionError.self) {
            try TalendConnection(GenericConnection(connID: "t", host: "https://x", extra: ["client_id": "sa-1"]))
        }
        #expect(throws: ConnectionError.self) {
            try TalendConnection(GenericConnection(
                connID: "t", host: "https://x",
                extra: ["client_id": "sa-1", "client_secret": "s3", "Authorization": "Bearer t"]))
        }
    }
}
