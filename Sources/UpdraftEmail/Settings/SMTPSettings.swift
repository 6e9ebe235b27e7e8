public import Foundation
public import Updraft
public import UpdraftCurl

/// Everything needed to reach the SMTP server: the one source of truth for the ``EmailOperator`` and for task
/// alerts alike (Airflow reads two different places for these, see its issue #37442).
///
/// ## Precedence
/// Each field is taken from the first place that sets it:
/// 1. the `smtp` connection (``SMTPConnection``: host, port, login, password, extras),
/// 2. the `AIRFLOW__SMTP__*` environment variable,
/// 3. Airflow's default.
///
/// | Field | Connection | Variable | Default |
/// |---|---|---|---|
/// | ``host`` | host | `AIRFLOW__SMTP__SMTP_HOST` | `localhost` |
/// | ``port`` | port | `AIRFLOW__SMTP__SMTP_PORT` | 465 with implicit TLS, else 25 |
/// | ``login`` / ``password`` | login / password | `AIRFLOW__SMTP__SMTP_USER` / `_PASSWORD` | none |
/// | ``fromEmail`` | extra `from_email` | `AIRFLOW__SMTP__SMTP_MAIL_FROM` | `airflow@example.com` |
/// | ``timeout`` | extra `timeout` | `AIRFLOW__SMTP__SMTP_TIMEOUT` | 30 s |
/// | ``retryLimit`` | extra `retry_limit` | `AIRFLOW__SMTP__SMTP_RETRY_LIMIT` | 5 |
/// | ``implicitTLS`` | not extra `disable_ssl` | `AIRFLOW__SMTP__SMTP_SSL` | false |
/// | ``startTLS`` | not extra `disable_tls` | `AIRFLOW__SMTP__SMTP_STARTTLS` | true |
/// | ``tls`` verification | extra `ssl_context` | `AIRFLOW__EMAIL__SSL_CONTEXT` | `default` (verify) |
///
/// With implicit TLS, STARTTLS is not attempted on top (no double negotiation). An operator's own `fromEmail`
/// wins over ``fromEmail``. Credentials are used only when both login and password are set.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    /// The server host.
    public var host: String
    /// The server port.
    public var port: Int
    /// The user name for `AUTH`.
    public var login: String?
    /// The password for `AUTH`. Never printed; register it with a `SecretMasker` (the live hook does).
    public var password: String?
    /// The sender when a message names none.
    public var fromEmail: String
    /// The connect timeout, the longest an upload may stall, and (plus one second per 32 KiB of message) the
    /// longest a whole send may take, which bounds a server that stops answering.
    public var timeout: Duration
    /// How many times a send is attempted in all when the connection fails or drops (at least once).
    public var retryLimit: Int
    /// TLS from the first byte (`smtps://`, Airflow's `smtp_ssl`).
    public var implicitTLS: Bool
    /// Upgrade the connection with STARTTLS, failing if the server does not offer it (Airflow's `smtp_starttls`).
    public var startTLS: Bool
    /// Certificate verification and trust roots.
    public var tls: TLSConfiguration

    /// The retry limits accepted from a connection or `AIRFLOW__SMTP__SMTP_RETRY_LIMIT`.
    static let retryLimits = 0...1_000
    /// The timeouts, in seconds, accepted from a connection or `AIRFLOW__SMTP__SMTP_TIMEOUT`.
    static let timeoutSeconds = 1...Int(GenericConnection.maximumSeconds)

    /// Creates settings; every argument has Airflow's default.
    public init(
        host: String = "localhost", port: Int? = nil, login: String? = nil, password: String? = nil,
        fromEmail: String = "airflow@example.com", timeout: Duration = .seconds(30), retryLimit: Int = 5,
        implicitTLS: Bool = false, startTLS: Bool = true, tls: TLSConfiguration = .default
    ) {
        self.host = host
        self.port = port ?? (implicitTLS ? 465 : 25)
        self.login = login
        self.password = password
        self.fromEmail = fromEmail
        self.timeout = timeout
        self.retryLimit = retryLimit
        self.implicitTLS = implicitTLS
        self.startTLS = startTLS
        self.tls = tls
    }

    /// Merges a connection and the environment by the precedence rule above.
    /// - Parameters:
    ///   - connection: the `smtp` connection, or `nil` to use the environment and defaults only.
    ///   - environment: where `AIRFLOW__SMTP__*` is read (the process environment by default).
    /// - Throws: ``EmailError`` `invalidSetting` naming a variable whose value has the wrong type.
    public init(connection: SMTPConnection?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        let variables = AirflowVariables(environment: environment)
        let implicitTLS = try connection?.disableSSL.map { !$0 } ?? variables.bool("SMTP", "SMTP_SSL") ?? false
        var tls = TLSConfiguration.default
        let sslContext = connection?.sslContext ?? variables.string("EMAIL", "SSL_CONTEXT")
        tls.insecureSkipTLSVerify = sslContext?.lowercased() == "none"
        self.init(
            host: connection?.host ?? variables.string("SMTP", "SMTP_HOST") ?? "localhost",
            port: try connection?.port ?? variables.int("SMTP", "SMTP_PORT", in: 1...65_535),
            login: connection?.login ?? variables.string("SMTP", "SMTP_USER"),
            password: connection?.password ?? variables.string("SMTP", "SMTP_PASSWORD"),
            fromEmail: connection?.fromEmail ?? variables.string("SMTP", "SMTP_MAIL_FROM") ?? "airflow@example.com",
            timeout: try connection?.timeout
                ?? .seconds(variables.int("SMTP", "SMTP_TIMEOUT", in: Self.timeoutSeconds) ?? 30),
            retryLimit: try connection?.retryLimit
                ?? variables.int("SMTP", "SMTP_RETRY_LIMIT", in: Self.retryLimits) ?? 5,
            implicitTLS: implicitTLS,
            startTLS: try connection?.disableTLS.map { !$0 } ?? variables.bool("SMTP", "SMTP_STARTTLS") ?? true,
            tls: tls)
    }

    /// The settings for connection `connID`: the connection merged with the environment, or the environment
    /// alone when no source has that connection (as Airflow's `[smtp]` section works without one). The password
    /// is registered with `masker`.
    /// - Throws: `ConnectionError` when the connection exists but is malformed or not `smtp`; ``EmailError``
    ///   for a malformed variable.
    public static func resolve(
        connID: String, connections: ConnectionResolver, masker: SecretMasker,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SMTPSettings {
        let connection: SMTPConnection?
        do {
            connection = try connections.connection(SMTPConnection.self, id: connID, masker: masker)
        } catch let error as ConnectionError where error.code == .notFound {
            connection = nil
        }
        let settings = try SMTPSettings(connection: connection, environment: environment)
        if let password = settings.password { masker.register(password) }
        return settings
    }

    /// The transport's description of the server.
    public var server: SMTPServer {
        SMTPServer(
            host: host, port: port,
            encryption: implicitTLS ? .implicitTLS : startTLS ? .startTLSRequired : .none,
            credentials: login.flatMap { login in
                password.map { SMTPServer.Credentials(username: login, password: $0) }
            },
            tls: tls,
            timeouts: Timeouts(connect: timeout, lowSpeed: .init(bytesPerSecond: 1, duration: timeout)))
    }

    /// Host, port, encryption, login and sender; never the password.
    public var description: String {
        let encryption = implicitTLS ? "implicitTLS" : startTLS ? "startTLS" : "none"
        var text = "SMTPSettings(\(host):\(port), \(encryption), from: \(fromEmail)"
        if let login { text += ", login: \(login)" + (password == nil ? "" : ", password: ***") }
        return text + ", timeout: \(timeout), retryLimit: \(retryLimit))"
    }
}
