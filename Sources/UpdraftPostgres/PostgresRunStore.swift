import Foundation
public import Logging
import PostgresNIO
import Synchronization
public import Updraft

/// The `RunStore` several processes and replicas share: runs, task instances with their tries, XCom values, the
/// handles of remote work, run leases and DAG records in one PostgreSQL database (tables in the schema `updraft`).
///
/// Opening the store connects once on its own connection to check and migrate the schema under an advisory lock
/// (replicas starting together migrate once), then serves every call from a pool of connections and listens for
/// change notifications on one of them. Task-instance and XCom writes are group-committed: the engine queues them
/// without waiting, and one statement commits everything queued meanwhile (see `RunStore` for the ordering
/// guarantee). A committed statement is durable as the server's `synchronous_commit` makes it (on by default).
///
/// ```swift
/// let store = try await PostgresRunStore(url: "postgresql://updraft:secret@db:5432/updraft?sslmode=verify-full")
/// let engine = Engine(configuration: Engine.Configuration(store: store))
/// // …
/// await store.close()
/// ```
///
/// Close the store when done: ``close()`` commits what is queued and closes the connections. A store that is
/// merely released does the same in the background.
public final class PostgresRunStore: RunStore {
    /// The database, its password left out of every description.
    public let url: PostgresDatabaseURL
    /// The schema migrations this store applied when it opened (empty when another process had, or none was due).
    public let appliedMigrations: [String]
    let pool: PostgresPool
    let writer: PostgresWriter
    let changes: PostgresChangeSignal
    private let background: Task<Void, Never>
    /// Run keys of runs this process touched (bounded): the engine's writes name runs by their ids.
    private let runKeys = Mutex([RunKey: Int64]())

    struct RunKey: Hashable {
        var dagID: String
        var runID: String
    }

    /// Opens the database a `postgresql://` URL names (see ``PostgresDatabaseURL``), bringing its schema up to date
    /// unless `upgrade` is false.
    /// - Throws: ``PostgresURLError`` for a malformed URL; `RunStoreError.storage` when the
    ///   server cannot be reached or refuses the login or the TLS handshake, or the database was written by a newer
    ///   Updraft or (with `upgrade: false`) needs an upgrade — the database is then left untouched. No error or
    ///   log line holds the password.
    public convenience init(url: String, upgrade: Bool = true, options: Options = Options(),
                            logger: Logger = Logger(label: "updraft.postgres")) async throws {
        try await self.init(url: try PostgresDatabaseURL(parsing: url), upgrade: upgrade, options: options,
                            logger: logger)
    }

    /// Opens the database `url` names; see ``init(url:upgrade:options:logger:)-(String,_,_,_)``.
    public init(url: PostgresDatabaseURL, upgrade: Bool = true, options: Options = Options(),
                logger: Logger = Logger(label: "updraft.postgres")) async throws {
        self.url = url
        var logger = logger
        logger[metadataKey: "database"] = "\(url)"
        let masker = SecretMasker(minimumLength: 1)
        if let password = url.password { masker.register(password) }
        let connector = PostgresConnector(url: url, options: options, logger: logger)
        let tls: PostgresTLS
        (tls, appliedMigrations) = try await Self.migrate(connector, upgrade: upgrade, masker: masker)
        // The pool's own chatter (a connection being opened while the store closes) only from warnings up: what
        // matters of it reaches the caller as the store's typed errors.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: connector.clientConfiguration(tls), backgroundLogger: poolLogger)
        let pool = PostgresPool(client: client, location: url.description, logger: logger, masker: masker)
        let writer = PostgresWriter(location: url.description)
        let changes = PostgresChangeSignal()
        self.pool = pool
        self.writer = writer
        self.changes = changes
        background = Task { await Self.serve(client: client, pool: pool, writer: writer, changes: changes) }
        do {
            try await changes.waitUntilListening()
        } catch {
            writer.close()
            await background.value
            throw error
        }
    }

    deinit { writer.close() }

    /// Checks and migrates the schema on a connection of its own (which fails at once when the server cannot be
    /// reached, where the pool would keep trying); returns the TLS setting that connected and the migrations applied.
    private static func migrate(_ connector: PostgresConnector, upgrade: Bool, masker: SecretMasker) async throws
        -> (PostgresTLS, [String]) {
        let location = connector.url.description
        let (connection, tls): (PostgresConnection, PostgresTLS)
        do {
            (connection, tls) = try await connector.connect()
        } catch {
            throw PostgresFailure.storeError(error, location: location, masker: masker)
        }
        do {
            let applied = try await PostgresMigrator.migrate(connection, upgrade: upgrade, location: location,
                                                             logger: connector.logger)
            try? await connection.close()
            return (tls, applied)
        } catch {
            try? await connection.close()
            throw PostgresFailure.storeError(error, location: location, masker: masker)
        }
    }

    /// The store's background work until ``close()`` (or the store's release): the pool, the change listener and the
    /// writer. The listener ends before the pool does: closing the pool under it would look like a broken connection.
    private static func serve(client: PostgresClient, pool: PostgresPool, writer: PostgresWriter,
                              changes: PostgresChangeSignal) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            await withDiscardingTaskGroup { users in
                users.addTask { await changes.listen(pool) }
                await writer.run { batch in _ = try await pool.rows(try batch.statement(), idempotent: true) }
                users.cancelAll()
            }
            group.cancelAll()
        }
    }

    /// Commits what is queued, then closes every connection. Later calls fail with
    /// `RunStoreError.storage`.
    public func close() async {
        writer.close()
        await background.value
    }

    /// The schema migrations applied to the database and those this Updraft would apply (`db check`).
    /// - Throws: `RunStoreError.storage`.
    public func schemaStatus() async throws -> PostgresSchemaStatus {
        do {
            return try await pool.client.withConnection { connection in
                try await PostgresSchemaStatus(connection, logger: pool.logger)
            }
        } catch {
            throw pool.failure(error)
        }
    }

    public func sync() async throws { try await writer.commit() }

    public func changeSignals() -> AsyncStream<Void> { changes.stream() }

    public func slotSignals() -> AsyncStream<Void> { changes.slotStream() }

    public func claimedTryEndSignals(dagID: String, runID: String) -> AsyncStream<Void> {
        changes.claimedTryEndStream(dagID: dagID, runID: runID)
    }

    // MARK: Helpers for the extensions

    /// Reads after every write made before (read-your-writes).
    func read(_ query: PostgresQuery) async throws -> [PostgresRow] {
        if writer.hasOutstandingWrites { try await writer.commit() }
        return try await pool.rows(query, idempotent: true)
    }

    /// A statement of its own, ordered after every write queued before, whose errors are the caller's (a refused
    /// lease, an existing run) rather than the writer's.
    func exclusiveWrite(_ query: PostgresQuery, idempotent: Bool) async throws -> [PostgresRow] {
        if writer.hasOutstandingWrites { await writer.settle() }
        return try await pool.rows(query, idempotent: idempotent)
    }

    /// The integer key of a run (from the cache, else the database).
    /// - Throws: `RunStoreError.runNotFound`.
    func runKey(dagID: String, runID: String) async throws -> Int64 {
        let key = RunKey(dagID: dagID, runID: runID)
        if let cached = runKeys.withLock({ $0[key] }) { return cached }
        let rows = try await read("SELECT id FROM updraft.dag_run WHERE dag_id = \(dagID) AND run_id = \(runID)")
        guard let found = try rows.first?.decode(Int64.self) else {
            throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
        }
        remember(found, for: key)
        return found
    }

    func remember(_ runKey: Int64, for key: RunKey) {
        runKeys.withLock { keys in
            if keys.count >= 4096 { keys.removeAll(keepingCapacity: true) }  // bounded for long-lived services
            keys[key] = runKey
        }
    }

    func forget(_ key: RunKey) {
        _ = runKeys.withLock { $0.removeValue(forKey: key) }
    }
}
