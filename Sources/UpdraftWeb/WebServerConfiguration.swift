/// Where the web server listens and who may use it.
///
/// On a loopback address (`127.0.0.1`, `::1`, `localhost`) no authentication is needed; any other address needs
/// ``auth`` set, or ``UpdraftWebServer`` refuses to start with ``WebServerError/authenticationRequired(host:)``.
public struct WebServerConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port to bind (0 picks a free one).
    public var port: Int
    /// Who may call the API and open the pages; nil for none (loopback only).
    public var auth: WebAuthConfiguration?
    /// The largest request body accepted, in bytes; larger ones get 413.
    public var maxBodySize: Int

    /// A configuration; by default loopback on port 8080 without authentication and 1 MiB bodies.
    public init(host: String = "127.0.0.1", port: Int = 8080, auth: WebAuthConfiguration? = nil,
                maxBodySize: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.auth = auth
        self.maxBodySize = maxBodySize
    }

    /// Whether ``host`` is only reachable from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// The users of the web server: `POST /auth/token` exchanges a user's name and password for a bearer token (as
/// Airflow 3's API server does), and pages take the same name and password by HTTP basic authentication.
public struct WebAuthConfiguration: Sendable {
    /// Passwords by user name.
    public var users: [String: String]
    /// How long an issued bearer token stays valid.
    public var tokenLifetime: Duration

    /// Users who may sign in, with a token lifetime (24 hours by default, as Airflow's `jwt_expiration_time`).
    public init(users: [String: String], tokenLifetime: Duration = .seconds(86_400)) {
        self.users = users
        self.tokenLifetime = tokenLifetime
    }
}
