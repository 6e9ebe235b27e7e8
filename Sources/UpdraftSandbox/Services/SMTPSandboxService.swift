import Foundation
public import Logging

/// Runs an ``SMTPSink`` as the `"smtp"` sandbox service, storing mail under `<state-dir>/mail` unless configured.
public struct SMTPSandboxService: SandboxService {
    /// `"smtp"`.
    public let name = "smtp"
    /// The port to bind; 0 for any free one.
    public var port: Int
    /// The sink's configuration; a `nil` mail directory becomes `<state-dir>/mail`.
    public var configuration: SMTPSinkConfiguration
    /// The sink's logger.
    public var logger: Logger

    /// Creates the service.
    public init(
        port: Int = 0, configuration: SMTPSinkConfiguration = SMTPSinkConfiguration(),
        logger: Logger = SandboxDefaults.disabledLogger
    ) {
        self.port = port
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts the sink; the endpoint's settings carry `mailDirectory` (and `username`/`password` when AUTH is configured).
    public func start(stateDirectory: String) async throws -> RunningSandboxService {
        var configuration = configuration
        let mailDirectory =
            configuration.mailDirectory ?? URL(fileURLWithPath: stateDirectory).appendingPathComponent("mail").path
        configuration.mailDirectory = mailDirectory
        let sink = try await SMTPSink.start(port: port, configuration: configuration, logger: logger)
        var settings = ["mailDirectory": mailDirectory]
        // The sandbox's own throwaway credentials: the manifest is how the demo learns them.
        settings["username"] = configuration.credentials?.username
        settings["password"] = configuration.credentials?.password
        return RunningSandboxService(
            endpoint: SandboxServiceEndpoint(host: sink.host, port: sink.port, settings: settings),
            summary: "smtp        smtp://\(sink.host):\(sink.port)  (mail saved in \(mailDirectory))",
            shutdown: { try await sink.shutdown() })
    }
}
