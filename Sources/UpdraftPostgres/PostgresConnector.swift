import Logging
import NIOCore
import PostgresNIO
import Updraft

/// The connection settings a URL and pool options make, for the store's own first connection (schema checks and
/// migrations) and for its pool.
struct PostgresConnector: Sendable {
    let url: PostgresDatabaseURL
    let options: PostgresRunStore.Options
    let logger: Logger

    /// Opens one connection outside the pool; with `sslmode=allow`, tries without TLS first and with TLS when the
    /// server refuses an unencrypted connection. Returns the connection and the TLS setting that worked.
    /// - Throws: the connection's failure, at once (the pool would keep retrying a server that is down).
    func connect() async throws -> (PostgresConnection, PostgresTLS) {
        let tls = try PostgresTLS(url)
        do {
            return (try await connect(tls), tls)
        } catch let error as PSQLError where url.sslMode == .allow && Self.refusedUnencrypted(error) {
            return (try await connect(tls.fallback), tls.fallback)
        }
    }

    /// The pool's configuration, with the TLS setting the first connection settled on.
    func clientConfiguration(_ tls: PostgresTLS) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch url.endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: url.user, password: url.password,
                                  database: url.database, tls: tls.clientTLS)
        case .unixSocket(let directory, let port):
            configuration = .init(unixSocketPath: Self.socketPath(directory, port), username: url.user,
                                  password: url.password, database: url.database)
        }
        if let timeout = url.connectTimeout { configuration.options.connectTimeout = timeout }
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.maximumConnections = max(options.maximumConnections, 2)
        configuration.options.minimumConnections = min(max(options.minimumConnections, 0),
                                                       configuration.options.maximumConnections - 1)
        configuration.options.connectionIdleTimeout = options.connectionIdleTimeout
        return configuration
    }

    private func connect(_ tls: PostgresTLS) async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: url.user, password: url.password,
                                  database: url.database, tls: try tls.connectionTLS())
        case .unixSocket(let directory, let port):
            configuration = .init(unixSocketPath: Self.socketPath(directory, port), username: url.user,
                                  password: url.password, database: url.database)
        }
        if let timeout = url.connectTimeout {
            let (seconds, attoseconds) = timeout.components
            configuration.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
        configuration.options.additionalStartupParameters = startupParameters
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }

    private var startupParameters: [(String, String)] {
        url.applicationName.map { [("application_name", $0)] } ?? [("application_name", "updraft")]
    }

    private static func socketPath(_ directory: String, _ port: Int) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)"
    }

    /// The server's pg_hba.conf has no entry for an unencrypted connection ("… no encryption").
    private static func refusedUnencrypted(_ error: PSQLError) -> Bool {
        error.code == .server && error.serverInfo?[.sqlState] == "28000"
            && (error.serverInfo?[.message] ?? "").contains("no encryption")
    }
}
