import Foundation
import Logging
public import PostgresNIO

extension PostgresTestServer {
    /// Runs `body` on a superuser connection to `database` (closed afterwards).
    public func withAdminConnection<T: Sendable>(database: String = "postgres",
                                                 _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: Self.superuser, password: password, database: database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1,
                                                              logger: Logger(label: "updraft.tests.postgres-admin"))
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs statements (trusted test SQL, one per string) as the superuser in `database`.
    public func execute(_ statements: String..., database: String = "postgres") async throws {
        try await withAdminConnection(database: database) { connection in
            for statement in statements {
                _ = try await connection.query(PostgresQuery(unsafeSQL: statement),
                                               logger: Logger(label: "updraft.tests.postgres-admin")).collect()
            }
        }
    }

    /// Creates an empty database, or a copy of `template` (which nobody may be connected to).
    public func createDatabase(_ name: String, template: String? = nil) async throws {
        try await execute("CREATE DATABASE \"\(name)\"" + (template.map { " TEMPLATE \"\($0)\"" } ?? ""))
    }
}
