public import Logging

/// Serves a ``TalendCloudSimulator`` over HTTP as the `"talend"` sandbox service.
///
/// Its endpoint exports the seed's HTTP connection, `AIRFLOW_CONN_TALEND_API`: host, port and scheme of the
/// stand-in and the extra header `Authorization: Bearer <token>`, as the seed guide configures Talend Cloud.
public struct TalendSandboxService: SandboxService {
    /// `"talend"`.
    public let name = "talend"
    /// The port to bind; 0 for any free one.
    public var port: Int
    /// The simulator to serve (keep a reference to inspect its request log).
    public var simulator: TalendCloudSimulator
    /// The token written to the manifest for clients (one the simulator accepts).
    public var token: String
    /// The connection id whose `AIRFLOW_CONN_*` variable the endpoint sets (the seed's `talend_api`).
    public var connID: String
    /// The server's logger.
    public var logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - port: The port; 0 for any free one.
    ///   - token: The bearer token clients are given; the default simulator accepts it.
    ///   - simulator: The simulator to serve; by default one accepting `token` with the default jobs.
    ///   - connID: The HTTP connection id to export.
    ///   - logger: The server's logger.
    public init(
        port: Int = 0, token: String = TalendCloudSimulator.defaultToken, simulator: TalendCloudSimulator? = nil,
        connID: String = "talend_api", logger: Logger = SandboxDefaults.disabledLogger
    ) {
        self.port = port
        self.token = token
        self.simulator =
            simulator ?? TalendCloudSimulator(configuration: TalendCloudSimulator.Configuration(tokens: [token]))
        self.connID = connID
        self.logger = logger
    }

    /// Starts the HTTP server; the endpoint's settings carry the `token`, its environment the connection.
    public func start(stateDirectory: String) async throws -> RunningSandboxService {
        let server = try await SandboxHTTPServer.start(port: port, handler: simulator, logger: logger)
        let connection = AirflowConnectionJSON(
            connType: "http", host: SandboxDefaults.host, port: server.port, schema: "http",
            extra: ["Authorization": .string("Bearer \(token)")])
        return RunningSandboxService(
            endpoint: SandboxServiceEndpoint(
                host: SandboxDefaults.host, port: server.port, baseURL: server.baseURL, settings: ["token": token],
                environment: ["AIRFLOW_CONN_\(connID.uppercased())": connection.text]),
            summary: "talend      \(server.baseURL)  (Authorization: Bearer <token from sandbox.json>)",
            shutdown: { try await server.shutdown() })
    }
}
