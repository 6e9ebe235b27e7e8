import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Updraft
@testable import UpdraftWeb

/// The router in memory, through Hummingbird's testing module (no socket): refusals and errors answer as Airflow's
/// API server does (a 4xx status with a JSON `detail`), the pages ask a browser for basic credentials, path ids are
/// percent-decoded, and bodies are size-limited.
@Suite struct RouteTests {
    static let runID = "manual__2026-01-01T00:00:00+00:00"

    /// A server over a store holding DAG `talend_jobs` and one run of it.
    static func server(auth: WebAuthConfiguration? = nil, maxBodySize: Int = 1 << 20) async throws -> UpdraftWebServer {
        let store = InMemoryRunStore()
        let dag = try DAG("talend_jobs") { dag in dag.task("extract", EmptyOperator()) }
        _ = try await store.registerDAG(DAGRecord(dagID: "talend_jobs"))
        try await store.createRun(DAGRunRecord(dagID: "talend_jobs", runID: runID,
                                               logicalDate: Date(timeIntervalSince1970: 1_767_225_600),
                                               state: .success, runType: .manual))
        return UpdraftWebServer(configuration: WebServerConfiguration(auth: auth, maxBodySize: maxBodySize),
                                store: store, dags: [dag])
    }

    static func detail(_ body: ByteBuffer) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
        return try #require(object?["detail"] as? String, "no detail in \(String(buffer: body))")
    }

    @Test func apiErrorsAreJSONWithADetail() async throws {
        try await Self.server(maxBodySize: 64).makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v2/dags/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let detail = try Self.detail(response.body)
                #expect(detail.contains("nope"))
            }
            try await client.execute(uri: "/api/v2/dags/talend_jobs/dagRuns", method: .post,
                                     headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"conf": "#)) { response in
                #expect(response.status == .unprocessableContent)
                let detail = try Self.detail(response.body)
                #expect(!detail.isEmpty)
            }
            let large = #"{"conf": {"padding": ""# + String(repeating: "x", count: 100) + #""}}"#
            try await client.execute(uri: "/api/v2/dags/talend_jobs/dagRuns", method: .post,
                                     headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: large)) { response in
                #expect(response.status == .contentTooLarge)
                let detail = try Self.detail(response.body)
                #expect(detail.contains("64 bytes"), "\(detail)")
            }
        }
    }

    @Test func percentEncodedRunIDsAreFound() async throws {
        let encoded = Self.runID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        try await Self.server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v2/dags/talend_jobs/dagRuns/\(encoded)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""dag_run_id":"manual__2026-01-01T00:00:00+00:00""#))
            }
        }
    }

    @Test func withUsersTheAPIWantsATokenAndThePagesBasicCredentials() async throws {
        let auth = WebAuthConfiguration(users: ["admin": "pa55word"])
        try await Self.server(auth: auth).makeApplication().test(.router) { client in
            try await client.execute(uri: "/api/v2/dags", method: .get) { response in
                #expect(response.status == .unauthorized)
                let detail = try Self.detail(response.body)
                #expect(!detail.isEmpty)
            }
            try await client.execute(uri: "/dags", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=") == true, "a browser asks")
            }
            let basic = "Basic " + Data("admin:pa55word".utf8).base64EncodedString()
            try await client.execute(uri: "/dags", method: .get, headers: [.authorization: basic]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/auth/token", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"username": "admin", "password": "wrong"}"#)) { response in
                #expect(response.status == .unauthorized)
            }
            let token = try await client.execute(
                uri: "/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username": "admin", "password": "pa55word"}"#)) { response in
                #expect(response.status == .created)
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                return try #require(object?["access_token"] as? String)
            }
            try await client.execute(uri: "/api/v2/dags", method: .get,
                                     headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""dag_id":"talend_jobs""#))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                // Probes need no credentials (503 here: no scheduler runs beside this server).
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains(#""scheduler""#))
            }
        }
    }

    @Test func aFormPostWithoutTheTokenIsRefused() async throws {
        try await Self.server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/dags/talend_jobs/pause", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "paused=true")) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
