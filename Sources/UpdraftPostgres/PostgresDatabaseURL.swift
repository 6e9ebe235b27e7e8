import Foundation

/// Which PostgreSQL database a ``PostgresRunStore`` uses and how it reaches it, read from a libpq-style URL:
///
/// ```
/// postgresql://updraft:s3cr%40t@db.internal:5432/updraft?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem
/// ```
///
/// The user name, password and database name are percent-decoded. Without a host the server's Unix socket in
/// `/var/run/postgresql` is used (as Debian's libpq does); a host that is a path (`%2Fvar%2Frun%2Fpostgresql`, or
/// `?host=/path`) is a socket folder. Without a port, 5432; without a user, the operating-system user; without a
/// database, the user's name; without `sslmode`, `prefer` — all as libpq does.
///
/// The password is never shown: ``description`` leaves it out, and neither errors nor logs of the store include it.
public struct PostgresDatabaseURL: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable {
        /// A TCP host name or address and port.
        case tcp(host: String, port: Int)
        /// A folder holding the server's socket (`.s.PGSQL.<port>`) and the port that names it.
        case unixSocket(directory: String, port: Int)
    }

    /// Where the server listens.
    public var endpoint: Endpoint
    /// The role to connect as.
    public var user: String
    /// The role's password, if it has one. Never part of ``description``.
    public var password: String?
    /// The database.
    public var database: String
    /// Whether and how the connection is encrypted.
    public var sslMode: PostgresSSLMode
    /// A PEM file of the certificate authorities trusted to sign the server's certificate (`system` for the
    /// system's trust store).
    public var sslRootCertificate: String?
    /// The `application_name` the server shows for the connections (`pg_stat_activity`).
    public var applicationName: String?
    /// How long to wait for a connection, at most.
    public var connectTimeout: Duration?

    /// The query parameters understood, as libpq names them.
    public static let supportedParameters = [
        "sslmode", "sslrootcert", "application_name", "connect_timeout", "host", "port", "user", "password", "dbname",
    ]

    /// Creates a database location from its parts.
    public init(endpoint: Endpoint, user: String, password: String? = nil, database: String,
                sslMode: PostgresSSLMode = .prefer, sslRootCertificate: String? = nil, applicationName: String? = nil,
                connectTimeout: Duration? = nil) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
    }

    /// Reads a `postgresql://` (or `postgres://`) URL.
    /// - Throws: ``PostgresURLError`` naming the part that is wrong (never quoting the password).
    public init(parsing text: String) throws(PostgresURLError) {
        self = try PostgresURLParser.parse(text)
    }

    /// The URL without its password: `postgresql://updraft@db.internal:5432/updraft?sslmode=verify-full`.
    public var description: String {
        let authority: String
        switch endpoint {
        case .tcp(let host, let port):
            authority = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        case .unixSocket(let directory, let port):
            authority = (directory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? directory)
                + ":\(port)"
        }
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let database = self.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.database
        return "postgresql://\(user)@\(authority)/\(database)?sslmode=\(sslMode)"
    }

    /// What `dump` and debuggers show: the parts, the password left out.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "endpoint": endpoint, "user": user, "password": password == nil ? "none" : "***", "database": database,
            "sslMode": sslMode, "sslRootCertificate": sslRootCertificate as Any,
        ], displayStyle: .struct)
    }
}
