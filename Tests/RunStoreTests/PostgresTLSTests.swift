import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing
import Updraft
@testable import UpdraftPostgres

/// TLS as libpq's sslmode spells it, against the test server (ssl=on, a certificate for `localhost` signed by a CA
/// made for the run).
@Suite struct PostgresTLSTests {
    @Test func verifyFullTrustsTheRightAuthorityForTheRightHost() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let store = try await PostgresRunStore(url: server.url(
            database: database, host: "localhost", sslMode: "verify-full",
            parameters: "&sslrootcert=\(server.certificates.authority)"))
        #expect(try await Self.usesTLS(store))
        try await store.createRun(Fixtures.run("over-tls"))
        #expect(try await store.run(dagID: "etl", runID: "over-tls") != nil)
        await store.close()
    }

    @Test func requireEncryptsWithoutCheckingTheCertificate() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let store = try await PostgresRunStore(url: server.url(database: database, sslMode: "require"))
        #expect(try await Self.usesTLS(store))
        await store.close()
        let plain = try await PostgresRunStore(url: server.url(database: database, sslMode: "disable"))
        #expect(try await Self.usesTLS(plain) == false)
        await plain.close()
    }

    @Test func verifyCAChecksTheAuthorityButNotTheHostName() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let authority = "&sslrootcert=\(server.certificates.authority)"
        // The certificate names localhost, not 127.0.0.1: enough for verify-ca, not for verify-full.
        let store = try await PostgresRunStore(url: server.url(database: database, sslMode: "verify-ca",
                                                               parameters: authority))
        #expect(try await Self.usesTLS(store))
        await store.close()
        await #expect {
            _ = try await PostgresRunStore(url: server.url(database: database, sslMode: "verify-full",
                                                           parameters: authority))
        } throws: { error in Self.isTLSFailure(error) }
    }

    @Test func anotherAuthorityIsRefusedWithATypedError() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let other = try await TestCertificates.make(in: TemporaryFolder.make(), name: "Another CA")
        for mode in ["verify-ca", "verify-full", "require"] {
            await #expect {
                _ = try await PostgresRunStore(url: server.url(
                    database: database, host: "localhost", sslMode: mode, parameters: "&sslrootcert=\(other.authority)"))
            } throws: { error in Self.isTLSFailure(error) }
        }
    }

    @Test func aRoleTheServerOnlyAcceptsOverTLS() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let role = PostgresTestServer.tlsOnlyRole
        try await server.execute("""
            DO $$ BEGIN CREATE ROLE \(role) LOGIN PASSWORD 'tls-only-secret'; EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
            """, "GRANT ALL ON SCHEMA updraft TO \(role)", "GRANT ALL ON ALL TABLES IN SCHEMA updraft TO \(role)",
            database: database)
        let url = { (mode: String) in
            server.url(database: database, user: role, password: "tls-only-secret", sslMode: mode)
        }
        await #expect {
            _ = try await PostgresRunStore(url: url("disable"))
        } throws: { error in
            "\(error)".contains("the server refused the login") && "\(error)".contains("no encryption")
                && !"\(error)".contains("tls-only-secret")
        }
        // allow: refused without TLS, so with it; prefer: TLS when offered.
        for mode in ["allow", "prefer"] {
            let store = try await PostgresRunStore(url: url(mode))
            #expect(try await Self.usesTLS(store), "sslmode=\(mode)")
            #expect(try await store.countRuns(matching: RunQuery()) == 0)
            await store.close()
        }
    }

    @Test func anUnreadableAuthorityFileIsNamed() async throws {
        let (server, database) = try await PostgresDatabases.migrated()
        let missing = TemporaryFolder.make().appending(path: "missing-ca.pem").path
        await #expect {
            _ = try await PostgresRunStore(url: server.url(database: database, sslMode: "verify-full",
                                                           parameters: "&sslrootcert=\(missing)"))
        } throws: { error in
            guard case RunStoreError.storage(_, let message)? = error as? RunStoreError else { return false }
            return message.contains("cannot read the certificate authorities in sslrootcert '\(missing)'")
        }
    }

    /// Whether the store's connections are encrypted, as the server sees them.
    static func usesTLS(_ store: PostgresRunStore) async throws -> Bool {
        try await store.pool.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", idempotent: true)
            .first?.decode(Bool.self) ?? false
    }

    static func isTLSFailure(_ error: any Error) -> Bool {
        guard case RunStoreError.storage(_, let message)? = error as? RunStoreError else { return false }
        return message.contains("TLS")
    }
}
