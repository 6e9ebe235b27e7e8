import Logging
import PostgresNIO
import Updraft

/// The store's connection pool (PostgresNIO's `PostgresClient`): statements with typed, password-free errors, and
/// idempotent ones run again when the connection broke under them (a restarted server, a failover). No wait is
/// needed between attempts: the pool hands out a new connection once it has one, backing off on its own.
///
/// Kept apart from the store so the store's background task can use it without keeping the store alive.
final class PostgresPool: Sendable {
    /// How often an idempotent statement is tried when its connection breaks: enough to get past every idle
    /// connection a restarted server closed before the pool noticed.
    static let attempts = 4

    let client: PostgresClient
    let location: String
    let logger: Logger
    let masker: SecretMasker

    init(client: PostgresClient, location: String, logger: Logger, masker: SecretMasker) {
        self.client = client
        self.location = location
        self.logger = logger
        self.masker = masker
    }

    /// Runs `query` and returns every row.
    /// - Parameter idempotent: whether running it twice does no harm (then a broken connection is retried).
    /// - Throws: `RunStoreError.storage`.
    func rows(_ query: PostgresQuery, idempotent: Bool) async throws -> [PostgresRow] {
        var attempt = 1
        while true {
            do {
                return try await client.query(query, logger: logger).collect()
            } catch {
                guard idempotent, attempt < Self.attempts, PostgresFailure.isTransient(error), !Task.isCancelled else {
                    throw failure(error)
                }
                logger.warning("retrying a statement after a connection failure", metadata: [
                    "attempt": "\(attempt)", "error": "\(failure(error))",
                ])
                attempt += 1
            }
        }
    }

    /// Runs `body` in a transaction of its own after taking the transaction-scoped advisory locks named `locks`:
    /// transactions sharing a lock name run one after the other, and each statement's snapshot, taken once the locks
    /// are held, sees what the previous holder committed. The locks are taken in sorted order, so two transactions
    /// never wait on each other crosswise. Run again, as an idempotent statement is, when the connection broke or
    /// the server chose it as a deadlock victim (`body` must be safe to run again).
    /// - Throws: `RunStoreError.storage`; what `body` throws as a `RunStoreError`.
    func transaction<T: Sendable>(locking locks: [String],
                                  _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let names = Array(Set(locks)).sorted()
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    // One statement; unnest yields the names in array order, so the locks are taken in that order.
                    try await connection.query("""
                        SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest(\(names)::text[]) AS name
                        """, logger: logger)
                    return try await body(connection)
                }
            } catch {
                guard attempt < Self.attempts, PostgresFailure.isTransient(error), !Task.isCancelled else {
                    throw failure((error as? PostgresTransactionError)?.closureError as? RunStoreError ?? error)
                }
                attempt += 1
            }
        }
    }

    /// `error` as the store's typed error.
    func failure(_ error: any Error) -> RunStoreError {
        PostgresFailure.storeError(error, location: location, masker: masker)
    }
}
