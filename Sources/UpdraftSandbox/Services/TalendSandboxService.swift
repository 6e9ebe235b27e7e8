public import Logging

/// Serves a ``TalendCloudSimulator`` over HTTP as the `"talend"` sandbox service.
public struct TalendSandboxService: SandboxService {
    /// `"talend"`.
    public let name = "talend"
    /// The port to bind; 0 for any free one.
    public var port: Int
    /// The simulator to serve (keep a reference to inspect its request log).
    public var simulator: TalendCloudSimulator
    /// The token written to the manifest for clients (one the simulator accepts).
    public var token: String
    /// The server's logger.
    public var logger: Logger

    /// Creates the service.
    public init(
        port: Int = 0, token: String = TalendCloudSimulator.defaultToken, simulator: TalendCloudSimulator? = nil,
        logger: Logger = SandboxDefaults.disabledLogger
    ) {
        self.port = port
        self.token = token
        self.simulator =
            simulator ?? TalendCloudSimulator(configuration: TalendCloudSimulator.Configuration(tokens: [token]))
        self.logger = logger
    }

    /// Starts the HTTP server; the endpoint's settings carry the `token`.
    public func start(stateDirectory: String) async throws -> RunningSandboxService {
        let server = try await SandboxHTTPServer.start(port: port, handler: simulator, logger: logger)
        return RunningSandboxService(
            endpoint: SandboxServiceEndpoint(
                host: SandboxDefaults.host, port: server.port, baseURL: server.baseURL, settings: ["token": token]),
            summary: "talend      \(server.baseURL)  (Authorization: Bearer <token from sandbox.json>)",
            shutdown: { try await server.shutdown() })
    }
}
