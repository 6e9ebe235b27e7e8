import UpdraftSandbox

/// Talks to a served ``TalendCloudSimulator`` the way a Talend client would, through curl.
struct TalendTestClient: Sendable {
    var baseURL: String
    var token: String = TalendCloudSimulator.defaultToken
    var prefix = "/processing"

    var authorization: [String] { ["Authorization: Bearer \(token)", "Accept: application/json"] }

    func start(_ body: String) async throws -> HTTPResult {
        try await send("POST", "\(baseURL)\(prefix)/executions", headers: authorization, body: body)
    }

    /// Starts `executable` and returns its execution id (the start must answer 201).
    func startExecution(_ executable: String) async throws -> String {
        let response = try await start(#"{"executable":"\#(executable)"}"#)
        guard response.status == 201, let id = try response.json()["executionId"] as? String else {
            throw CurlFailed(result: CurlResult(exitCode: 0, output: response.body, errorOutput: "start failed"))
        }
        return id
    }

    func status(_ id: String) async throws -> HTTPResult {
        try await send("GET", "\(baseURL)\(prefix)/executions/\(id)", headers: authorization)
    }

    /// One poll: the pair (`executionStatus`, `status`) and the whole body.
    func poll(_ id: String) async throws -> (detailed: String, coarse: String, body: [String: Any]) {
        let body = try await status(id).json()
        return (body["executionStatus"] as? String ?? "", body["status"] as? String ?? "", body)
    }

    func terminate(_ id: String) async throws -> HTTPResult {
        try await send("DELETE", "\(baseURL)\(prefix)/executions/\(id)", headers: authorization)
    }

    func logs(_ id: String, query: String = "") async throws -> HTTPResult {
        try await send("GET", "\(baseURL)/monitoring/executions/\(id)/logs\(query)", headers: authorization)
    }
}

/// Serves `simulator` on loopback for the duration of `body`.
func withTalendSimulator<T>(
    _ simulator: TalendCloudSimulator = TalendCloudSimulator(),
    _ body: (TalendCloudSimulator, TalendTestClient) async throws -> T
) async throws -> T {
    let server = try await SandboxHTTPServer.start(handler: simulator)
    do {
        let result = try await body(simulator, TalendTestClient(baseURL: server.baseURL))
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}
