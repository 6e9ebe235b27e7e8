import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing
import Updraft
import UpdraftPostgres

/// Schema migrations on PostgreSQL: replicas starting together migrate once; a newer or older database is refused
/// untouched; what was committed is there after reopening.
@Suite struct PostgresMigrationTests {
    @Test func storesOpeningAFreshDatabaseTogetherMigrateItOnce() async throws {
        let (server, database) = try await PostgresDatabases.empty()
        let url = server.url(database: database)
        let stores = try await withThrowingTaskGroup(of: PostgresRunStore.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresRunStore(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.filter { $0.appliedMigrations == ["v1-runs", "v2-task-pools", "v3-try-claims"] }.count == 1)
        #expect(stores.filter(\.appliedMigrations.isEmpty).count == 7)
        let recorded = try await server.withAdminConnection(database: database) { connection in
            try await connection.query("SELECT name FROM updraft.schema_migrations", logger: Self.logger).collect()
                .map { try $0.decode(String.self) }
        }
        #expect(recorded == ["v1-runs", "v2-task-pools", "v3-try-claims"])
        // Every store works, on the one schema.
        for (number, store) in stores.enumerated() { try await store.createRun(Fixtures.run("r\(number)")) }
        #expect(try await stores[0].countRuns(matching: RunQuery(dagID: "etl")) == 8)
        for store in stores { await store.close() }
    }

    @Test func aDatabaseFromANewerUpdraftIsRefusedAndLeftUntouched() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let url = server.url(database: database)
        let store = try await PostgresRunStore(url: url)
        try await store.createRun(Fixtures.run("r"))
        await store.close()
        try await server.execute(
            "INSERT INTO updraft.schema_migrations (version, name) VALUES (999, 'v999-from-the-future')",
            database: database)
        await #expect {
            _ = try await PostgresRunStore(url: url)
        } throws: { error in
            guard case RunStoreError.storage(let location, let message)? = error as? RunStoreError else { return false }
            return location == "postgresql://updraft_admin@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
                && message.contains("written by a newer Updraft") && message.contains("v999-from-the-future")
        }
        let (migrations, runs) = try await server.withAdminConnection(database: database) { connection in
            (try await connection.query("SELECT name FROM updraft.schema_migrations ORDER BY version",
                                        logger: Self.logger).collect().map { try $0.decode(String.self) },
             try await connection.query("SELECT run_id FROM updraft.dag_run", logger: Self.logger).collect()
                .map { try $0.decode(String.self) })
        }
        #expect(migrations == ["v1-runs", "v2-task-pools", "v3-try-claims", "v999-from-the-future"])
        #expect(runs == ["r"])
    }

    @Test func anEmptyDatabaseIsMigratedOnlyWhenAllowed() async throws {
        let (server, database) = try await PostgresDatabases.empty()
        let url = server.url(database: database)
        await #expect {
            _ = try await PostgresRunStore(url: url, upgrade: false)
        } throws: { error in
            "\(error)".contains("needs an upgrade (pending: v1-runs, v2-task-pools, v3-try-claims)")
        }
        let schemaExists = try await server.withAdminConnection(database: database) { connection in
            try await connection.query("SELECT to_regnamespace('updraft') IS NOT NULL", logger: Self.logger)
                .collect().first?.decode(Bool.self)
        }
        #expect(schemaExists == false)
        let store = try await PostgresRunStore(url: url)
        let status = try await store.schemaStatus()
        #expect(status.applied == ["v1-runs", "v2-task-pools", "v3-try-claims"])
        #expect(status.pending.isEmpty && status.unknown.isEmpty)
        await store.close()
    }

    @Test func whatWasCommittedIsThereAfterReopening() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let url = server.url(database: database)
        let store = try await PostgresRunStore(url: url)
        try await store.createRun(Fixtures.run("r"))
        try await store.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 2)], dagID: "etl", runID: "r")
        try await store.setXCom("out", key: "return_value", taskID: "a", dagID: "etl", runID: "r")
        await store.close()  // commits what is queued
        let reopened = try await PostgresRunStore(url: url)
        #expect(reopened.appliedMigrations.isEmpty)
        #expect(try await reopened.run(dagID: "etl", runID: "r") == Fixtures.run("r"))
        #expect(try await reopened.taskInstances(dagID: "etl", runID: "r")
                == [Fixtures.instance("a", state: .success, tries: 2)])
        #expect(try await reopened.xcom(key: "return_value", taskID: "a", dagID: "etl", runID: "r") == "out")
        await reopened.close()
        await #expect(throws: RunStoreError.self) { try await reopened.createRun(Fixtures.run("after-close")) }
    }

    static let logger = Logger(label: "updraft.tests.postgres")
}
