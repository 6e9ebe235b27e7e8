import Foundation
import PostgresTestSupport
import Testing
import Updraft
@testable import UpdraftPostgres

/// What only a networked store meets: a server that is not there, a refused login, a restart in the middle of use,
/// other processes' changes — and a password that must never show.
@Suite struct PostgresFaultTests {
    @Test func aServerThatIsNotThereIsATypedErrorAtOnce() async throws {
        let port = try PostgresTestServer.unusedPort()
        let url = "postgresql://updraft:refused-secret@127.0.0.1:\(port)/runs?sslmode=disable"
        await #expect {
            _ = try await PostgresRunStore(url: url)
        } throws: { error in
            guard case RunStoreError.storage(let location, let message)? = error as? RunStoreError else { return false }
            return location == "postgresql://updraft@127.0.0.1:\(port)/runs?sslmode=disable"
                && message.contains("cannot connect to the server") && !"\(error)".contains("refused-secret")
        }
    }

    @Test func aUnixSocketFolderInTheURLReachesTheServer() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let secret = server.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let folder = server.folder.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        for url in ["postgresql://\(PostgresTestServer.superuser):\(secret)@\(folder):\(server.port)/\(database)",
                    "postgresql://\(PostgresTestServer.superuser):\(secret)@/\(database)?host=\(server.folder.path)"
                        + "&port=\(server.port)"] {
            let store = try await PostgresRunStore(url: url)
            #expect(store.url.endpoint == .unixSocket(directory: server.folder.path, port: server.port))
            try await store.createRun(Fixtures.run("over-a-socket-\(url.count)"))
            await store.close()
        }
    }

    @Test func aWrongPasswordAndAMissingDatabaseAreNamed() async throws {
        let server = try await PostgresTestServer.shared()
        await #expect {
            _ = try await PostgresRunStore(url: server.url(database: "postgres", password: "wrong-secret"))
        } throws: { error in
            "\(error)".contains("the server refused the login: password authentication failed for user")
                && !"\(error)".contains("wrong-secret")
        }
        await #expect {
            _ = try await PostgresRunStore(url: server.url(database: "no_such_database"))
        } throws: { error in
            "\(error)".contains("database \"no_such_database\" does not exist") && !"\(error)".contains(server.password)
        }
    }

    @Test func thePasswordAppearsInNoErrorOrLogLine() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let logs = CapturedLogs()
        var shown: [String] = []
        // A working store, at trace level, through writes, reads, leases and signals.
        let store = try await PostgresRunStore(url: server.url(database: database), logger: logs.logger())
        try await store.createRun(Fixtures.run("r"))
        try await store.saveTaskInstances([Fixtures.instance("a", state: .running, tries: 1)], dagID: "etl", runID: "r")
        try await store.acquireLease(Fixtures.lease("me", expiresIn: 30), dagID: "etl", runID: "r", now: Fixtures.day)
        do {
            try await store.createRun(Fixtures.run("r"))
        } catch {
            shown.append(String(reflecting: error))
        }
        await store.close()
        // Failures: a wrong database, a TLS handshake refused, a connection refused.
        for url in [server.url(database: "missing_db"),
                    server.url(database: database, sslMode: "verify-full",
                               parameters: "&sslrootcert=\(server.certificates.authority)"),
                    server.url(database: database).replacingOccurrences(of: ":\(server.port)/",
                                                                         with: ":\(try PostgresTestServer.unusedPort())/")] {
            do {
                _ = try await PostgresRunStore(url: url, logger: logs.logger())
                Issue.record("opening \(try PostgresDatabaseURL(parsing: url)) should have failed")
            } catch {
                shown += ["\(error)", String(reflecting: error), error.localizedDescription]
            }
        }
        shown += [store.url.description, String(reflecting: store.url), logs.text]
        #expect(shown.count == 13)
        #expect(!logs.text.isEmpty)
        let password = server.password
        let forms = [password, password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "",
                     Data(password.utf8).base64EncodedString()]
        for text in shown {
            for form in forms { #expect(!text.contains(form), "the password (as '\(form)') was shown") }
        }
    }

    @Test func aFailedBatchFailsTheNextSyncAndEveryLaterWrite() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let engine = try await PostgresRunStore(url: server.url(database: database))
        let operator_ = try await PostgresRunStore(url: server.url(database: database))
        try await engine.createRun(Fixtures.run("r"))
        try await engine.createRun(Fixtures.run("kept"))
        try await engine.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 1)], dagID: "etl",
                                           runID: "kept")
        try await engine.sync()
        // Another process deletes the run under the engine, which still knows its key: the queued batch fails.
        #expect(try await operator_.deleteRun(dagID: "etl", runID: "r"))
        try await engine.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 1)], dagID: "etl",
                                           runID: "r")
        await #expect {
            try await engine.sync()
        } throws: { error in
            guard case RunStoreError.storage(_, let message)? = error as? RunStoreError else { return false }
            return message.contains("23503")  // foreign_key_violation
        }
        // Sticky: the writes that batch lost cannot be replayed, so nothing more is written by this store.
        await #expect(throws: RunStoreError.self) {
            try await engine.setXCom(1, key: "k", taskID: "a", dagID: "etl", runID: "kept")
        }
        await #expect(throws: RunStoreError.self) { try await engine.sync() }
        #expect(try await operator_.taskInstances(dagID: "etl", runID: "kept").map(\.state) == [.success])
        await engine.close()
        await operator_.close()
    }

    /// The engine runs a try's body once its start is saved: a start whose commit failed is thrown by the save itself,
    /// so the body never runs on a start that was lost.
    @Test func aTrysStartWhoseCommitFailsIsThrownByTheSave() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let engine = try await PostgresRunStore(url: server.url(database: database))
        let operator_ = try await PostgresRunStore(url: server.url(database: database))
        try await engine.createRun(Fixtures.run("r"))
        #expect(try await operator_.deleteRun(dagID: "etl", runID: "r"))
        await #expect {
            try await engine.saveTaskInstances([Fixtures.instance("a", state: .running, tries: 1)], dagID: "etl",
                                               runID: "r")
        } throws: { error in "\(error)".contains("23503") }
        await engine.close()
        await operator_.close()
    }

    @Test func anotherStoresChangesWakeAReader() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let scheduler = try await PostgresRunStore(url: server.url(database: database))
        let trigger = try await PostgresRunStore(url: server.url(database: database))
        let signals = scheduler.changeSignals()
        try await trigger.createRun(Fixtures.run("from-the-cli"))
        try await Deadline.nextSignal(signals)
        #expect(try await scheduler.runs(matching: RunQuery(states: [.queued])).map(\.runID) == ["from-the-cli"])
        _ = try await trigger.registerDAG(DAGRecord(dagID: "etl", isPaused: true))
        try await Deadline.nextSignal(signals)
        try await trigger.setPaused(false, dagID: "etl")
        try await Deadline.nextSignal(signals)
        #expect(try await scheduler.dag(dagID: "etl")?.isPaused == false)
        await trigger.close()
        await scheduler.close()
    }

    @Test func theStoreCarriesOnWhenTheServerRestarts() async throws {
        let server = try await PostgresTestServer.start()
        do {
            try await server.createDatabase("restarted")
            let url = server.url(database: "restarted")
            let store = try await PostgresRunStore(url: url)
            try await store.createRun(Fixtures.run("before"))
            try await store.saveTaskInstances([Fixtures.instance("a", state: .running, tries: 1)], dagID: "etl",
                                              runID: "before")
            try await store.sync()
            try await server.restart()
            // Reads and idempotent writes run again on a new connection when theirs broke.
            #expect(try await store.run(dagID: "etl", runID: "before") == Fixtures.run("before"))
            try await store.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 1)], dagID: "etl",
                                              runID: "before")
            try await store.sync()
            try await store.acquireLease(Fixtures.lease("me", expiresIn: 30), dagID: "etl", runID: "before",
                                         now: Fixtures.day)
            try await store.createRun(Fixtures.run("after", at: 60))
            #expect(try await store.taskInstances(dagID: "etl", runID: "before").map(\.state) == [.success])
            // The listener came back: another process's change wakes this store's reader again.
            try await Deadline.within(.seconds(30)) {
                while store.changes.listenCount < 2 { try? await Task.sleep(for: .milliseconds(20)) }
            }
            let signals = store.changeSignals()
            let other = try await PostgresRunStore(url: url)
            try await other.createRun(Fixtures.run("from-another-process", at: 120))
            try await Deadline.nextSignal(signals)
            await other.close()
            await store.close()
        } catch {
            Issue.record("server log: \(server.logTail())")
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
