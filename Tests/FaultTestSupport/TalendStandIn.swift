public import Updraft
public import UpdraftSandbox

/// Serves `simulator` on loopback for the duration of `body`, with the seed's `talend_api` connection to it: host
/// the stand-in's URL and `extra` (by default the header `Authorization: Bearer <default token>`). The server is
/// shut down however `body` ends.
public func withTalendStandIn(
    _ simulator: TalendCloudSimulator = TalendCloudSimulator(),
    extra: [String: JSONValue] = ["Authorization": .string("Bearer \(TalendCloudSimulator.defaultToken)")],
    _ body: (TalendCloudSimulator, GenericConnection) async throws -> Void
) async throws {
    let server = try await SandboxHTTPServer.start(handler: simulator)
    let connection = GenericConnection(connID: "talend_api", connType: "http", host: server.baseURL, extra: extra)
    do {
        try await body(simulator, connection)
        try await server.shutdown()
    } catch {
        try? await server.shutdown()
        throw error
    }
}
