import Foundation
import GRDB
import Synchronization
public import Updraft

/// The durable `RunStore`: one SQLite file (WAL mode) holding runs, task instances with their tries, XCom values,
/// the handles of remote work and run leases. The default of every DAG executable
/// (`$UPDRAFT_HOME/updraft.db`); several processes may share one file.
///
/// Task-instance writes are group-committed: the engine queues them without waiting, and one transaction commits
/// everything queued meanwhile (see `RunStore` for the ordering guarantee). With WAL and `synchronous=NORMAL`, a
/// committed transaction survives the process being killed (`kill -9`); an operating-system crash or power loss may
/// lose the last transactions before a checkpoint, never corrupt the file.
///
/// ```swift
/// let store = try SQLiteRunStore(path: "/var/lib/updraft/updraft.db")
/// let engine = Engine(configuration: Engine.Configuration(store: store))
/// ```
public final class SQLiteRunStore: RunStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let writer: SQLiteWriter
    let changes: SQLiteChangeSignal
    /// Tries ended or queued (`slotSignals()`): a file of its own, so schedulers are not woken by every task's end.
    let slotChanges: SQLiteChangeSignal
    /// Run keys of runs this process touched (bounded): the engine's writes name runs by their ids.
    private let runKeys = Mutex([RunKey: Int64]())

    struct RunKey: Hashable {
        var dagID: String
        var runID: String
    }

    /// Opens (creating it if needed) the database at `path`, creating its folder, and brings its schema up to date
    /// unless `upgrade` is false.
    /// - Throws: `RunStoreError.storage(location:message:)` when the file cannot be opened or written, is not an
    ///   Updraft database, was written by a newer Updraft, or (with `upgrade: false`) needs an upgrade. The file is
    ///   never modified in those cases.
    public init(path: String, upgrade: Bool = true) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunStoreError.storage(location: path, message: "cannot create the folder \(folder.path): "
                                        + error.localizedDescription)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.label = "updraft"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let status = try pool.read { db in try SQLiteSchemaStatus(db) }
            if !status.unknown.isEmpty {
                throw RunStoreError.storage(location: path, message: """
                    the database was written by a newer Updraft (unknown schema migrations: \
                    \(status.unknown.joined(separator: ", "))); upgrade Updraft to use it — it was left untouched
                    """)
            }
            if !status.pending.isEmpty {
                guard upgrade else {
                    throw RunStoreError.storage(location: path, message: """
                        the database schema needs an upgrade (pending: \(status.pending.joined(separator: ", "))); \
                        run `db upgrade`
                        """)
                }
                try SQLiteSchema.migrator.migrate(pool)
            }
        } catch {
            throw SQLiteFailure.storeError(error, location: path)
        }
        writer = SQLiteWriter(pool: pool, location: path)
        changes = SQLiteChangeSignal(databasePath: path)
        slotChanges = SQLiteChangeSignal(databasePath: path, suffix: "-slots")
    }

    /// The schema migrations applied to the database and those this Updraft would apply (`db check`).
    /// - Throws: `RunStoreError.storage(location:message:)`.
    public func schemaStatus() async throws -> SQLiteSchemaStatus {
        try await read { db in try SQLiteSchemaStatus(db) }
    }

    public func sync() async throws { try await writer.commit() }

    public func slotSignals() -> AsyncStream<Void> { slotChanges.stream() }

    // MARK: Helpers for the extensions

    /// Reads after every write made before (read-your-writes), with SQLite errors made typed.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if writer.hasOutstandingWrites { try await writer.commit() }
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteFailure.storeError(error, location: path)
        }
    }

    /// A transaction of its own, ordered after every write queued before, whose errors are the caller's (a refused
    /// lease, an existing run) rather than the writer's.
    func exclusiveWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw SQLiteFailure.storeError(error, location: path)
        }
    }

    /// The integer key of a run (from the cache, else the database).
    /// - Throws: `RunStoreError.runNotFound(dagID:runID:)`.
    func runKey(dagID: String, runID: String) async throws -> Int64 {
        let key = RunKey(dagID: dagID, runID: runID)
        if let cached = runKeys.withLock({ $0[key] }) { return cached }
        guard let found = try await read({ db in
            try Int64.fetchOne(db, sql: "SELECT id FROM dag_run WHERE dag_id = ? AND run_id = ?",
                               arguments: [dagID, runID])
        }) else { throw RunStoreError.runNotFound(dagID: dagID, runID: runID) }
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
