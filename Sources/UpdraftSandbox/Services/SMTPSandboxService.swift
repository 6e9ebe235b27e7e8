import Foundation
public import Logging

/// Runs an ``SMTPSink`` as the `"smtp"` sandbox service, storing mail under `<state-dir>/mail` unless configured.
///
/// Its endpoint carries the settings a DAG reads, both ways Airflow users configure mail: the `AIRFLOW__SMTP__*`
/// variables and an `AIRFLOW_CONN_SMTP_DEFAULT` connection (JSON form, with the `disable_tls`/`disable_ssl` extras
/// matching the sink's TLS mode).
public struct SMTPSandboxService: SandboxService {
    /// `"smtp"`.
    public let name = "smtp"
    /// The port to bind; 0 for any free one.
    public var port: Int
    /// The sink's configuration; a `nil` mail directory becomes `<state-dir>/mail`.
    public var configuration: SMTPSinkConfiguration
    /// Offer TLS with the sandbox CA's certificate (in `<state-dir>/tls`), unless ``configuration`` already sets
    /// its own ``SMTPSinkConfiguration/tls``; `nil` for plain text.
    public var tlsMode: SMTPSinkTLS.Mode?
    /// With ``SMTPSinkTLS/Mode/startTLS``, refuse `AUTH` and `MAIL` before the upgrade.
    public var requireTLS: Bool
    /// The sender address written to `AIRFLOW__SMTP__SMTP_MAIL_FROM` and the connection's `from_email` extra.
    public var mailFrom: String
    /// The connection id whose `AIRFLOW_CONN_*` variable the endpoint sets (Airflow's default `smtp_default`).
    public var connID: String
    /// The sink's logger.
    public var logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - port: The port; 0 for any free one.
    ///   - configuration: Authentication, limits, rejected recipients, mail directory.
    ///   - tlsMode: `STARTTLS` or implicit TLS with the sandbox CA; `nil` for plain text.
    ///   - requireTLS: Refuse plain-text `AUTH`/`MAIL` when offering `STARTTLS`.
    ///   - mailFrom: The sender address DAGs are told to use.
    ///   - connID: The SMTP connection id to export.
    ///   - logger: The sink's logger.
    public init(
        port: Int = 0, configuration: SMTPSinkConfiguration = SMTPSinkConfiguration(),
        tlsMode: SMTPSinkTLS.Mode? = nil, requireTLS: Bool = false, mailFrom: String = "updraft@localhost",
        connID: String = "smtp_default", logger: Logger = SandboxDefaults.disabledLogger
    ) {
        self.port = port
        self.configuration = configuration
        self.tlsMode = tlsMode
        self.requireTLS = requireTLS
        self.mailFrom = mailFrom
        self.connID = connID
        self.logger = logger
    }

    /// Starts the sink. The endpoint's settings carry `mailDirectory` (and `username`/`password` when AUTH is
    /// configured); its environment the `AIRFLOW__SMTP__*` variables and the connection.
    public func start(stateDirectory: String) async throws -> RunningSandboxService {
        var configuration = configuration
        let state = URL(fileURLWithPath: stateDirectory)
        let mailDirectory = configuration.mailDirectory ?? state.appendingPathComponent("mail").path
        configuration.mailDirectory = mailDirectory
        // Created now, not at the first message, so the demo can point at it (and list it) from the start.
        try FileManager.default.createDirectory(atPath: mailDirectory, withIntermediateDirectories: true)
        var caCertificateFile: String?
        if configuration.tls == nil, let tlsMode {
            let certificates = try SandboxCertificates.reusingOrGenerating(
                in: state.appendingPathComponent(SandboxCertificates.stateSubdirectory).path)
            configuration.tls = SMTPSinkTLS(
                mode: tlsMode,
                certificates: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: false),
                requireTLS: requireTLS)
            caCertificateFile = certificates.caCertificateFile
        }
        let sink = try await SMTPSink.start(port: port, configuration: configuration, logger: logger)
        var settings = ["mailDirectory": mailDirectory]
        // The sandbox's own throwaway credentials: the manifest is how the demo learns them.
        settings["username"] = configuration.credentials?.username
        settings["password"] = configuration.credentials?.password
        let scheme = configuration.tls?.mode == .implicit ? "smtps" : "smtp"
        return RunningSandboxService(
            endpoint: SandboxServiceEndpoint(
                host: sink.host, port: sink.port, settings: settings,
                environment: environment(host: sink.host, port: sink.port, configuration: configuration),
                caCertificateFile: caCertificateFile),
            summary: "smtp        \(scheme)://\(sink.host):\(sink.port)  (mail saved in \(mailDirectory))",
            shutdown: { try await sink.shutdown() })
    }

    /// Airflow's `[smtp]` settings and the provider connection for this sink, with the same TLS choice in both.
    private func environment(host: String, port: Int, configuration: SMTPSinkConfiguration) -> [String: String] {
        let startTLS = configuration.tls?.mode == .startTLS
        let implicitTLS = configuration.tls?.mode == .implicit
        var variables = [
            "AIRFLOW__SMTP__SMTP_HOST": host,
            "AIRFLOW__SMTP__SMTP_PORT": String(port),
            "AIRFLOW__SMTP__SMTP_STARTTLS": startTLS ? "True" : "False",
            "AIRFLOW__SMTP__SMTP_SSL": implicitTLS ? "True" : "False",
            "AIRFLOW__SMTP__SMTP_MAIL_FROM": mailFrom,
        ]
        var connection = AirflowConnectionJSON(
            connType: "smtp", host: host, port: port,
            extra: [
                "from_email": .string(mailFrom), "disable_tls": .bool(!startTLS), "disable_ssl": .bool(!implicitTLS),
            ])
        if let credentials = configuration.credentials {
            variables["AIRFLOW__SMTP__SMTP_USER"] = credentials.username
            variables["AIRFLOW__SMTP__SMTP_PASSWORD"] = credentials.password
            connection.login = credentials.username
            connection.password = credentials.password
        }
        variables["AIRFLOW_CONN_\(connID.uppercased())"] = connection.text
        return variables
    }
}
