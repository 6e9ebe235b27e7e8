import Foundation
import PostgresTestSupport
import Testing
import Updraft
import UpdraftPostgres
import UpdraftSQLite

/// Every RunStore implementation the conformance suite runs against; each test gets a fresh, empty store.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite
    /// A database of its own on the test process's PostgreSQL server (see ``PostgresDatabases``).
    case postgres

    var testDescription: String { rawValue }

    func makeStore() async throws -> any RunStore {
        switch self {
        case .memory: InMemoryRunStore()
        case .sqlite: try SQLiteRunStore(path: TemporaryFolder.make().appending(path: "updraft.db").path)
        case .postgres: try await PostgresDatabases.freshStore()
        }
    }

    /// A fresh, empty store and a second instance on the same database, as another process would open it (the
    /// in-memory store, whose instance is its storage, is its own second instance).
    func makeStorePair() async throws -> (any RunStore, any RunStore) {
        switch self {
        case .memory:
            let store = InMemoryRunStore()
            return (store, store)
        case .sqlite:
            let path = TemporaryFolder.make().appending(path: "updraft.db").path
            return (try SQLiteRunStore(path: path), try SQLiteRunStore(path: path))
        case .postgres:
            let (server, name) = try await PostgresDatabases.migrated()
            let url = server.url(database: name)
            return (try await PostgresRunStore(url: url), try await PostgresRunStore(url: url))
        }
    }
}

/// A fresh folder under the system's temporary directory (left for the OS to clean: tests may still read it).
enum TemporaryFolder {
    static func make() -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "updraft-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
