import Foundation
import PostgresTestSupport
import Synchronization
import UpdraftPostgres

/// Databases for the PostgreSQL tests on the test process's one server: each test gets a database of its own,
/// copied from a template the store migrated once (`CREATE DATABASE … TEMPLATE`: far quicker than migrating each).
enum PostgresDatabases {
    static let templateName = "updraft_template"
    private static let template = Mutex<Task<PostgresTestServer, any Error>?>(nil)

    /// A new, empty database without the schema, and the server.
    static func empty() async throws -> (server: PostgresTestServer, name: String) {
        let server = try await PostgresTestServer.shared()
        let name = newName()
        try await server.createDatabase(name)
        return (server, name)
    }

    /// A new database with the current schema, and the server.
    static func migrated() async throws -> (server: PostgresTestServer, name: String) {
        let server = try await migratedTemplate()
        let name = newName()
        try await server.createDatabase(name, template: templateName)
        return (server, name)
    }

    /// A store on a new database with the current schema.
    static func freshStore() async throws -> PostgresRunStore {
        let (server, name) = try await migrated()
        return try await PostgresRunStore(url: server.url(database: name))
    }

    private static func newName() -> String {
        "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }

    private static func migratedTemplate() async throws -> PostgresTestServer {
        let task = template.withLock { task in
            if let task { return task }
            let created = Task {
                let server = try await PostgresTestServer.shared()
                try await server.createDatabase(templateName)
                let store = try await PostgresRunStore(url: server.url(database: templateName))
                await store.close()  // a template may have no connections when it is copied
                return server
            }
            task = created
            return created
        }
        return try await task.value
    }
}
