import ArgumentParser
import Foundation
import Updraft
import UpdraftPostgres
import UpdraftSQLite

/// `--db`: which run store a command uses — a SQLite file (by default `updraft.db` in ``UpdraftHome``) or a
/// PostgreSQL database (`postgresql://…`, for several `serve` replicas), also set by `UPDRAFT_DATABASE`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"),
            help: ArgumentHelp("The run store: a SQLite file or a postgresql:// URL ($UPDRAFT_DATABASE; "
                               + "$UPDRAFT_HOME/updraft.db by default).", valueName: "path-or-url"))
    var database: String?

    /// The store named by `--db`, `UPDRAFT_DATABASE` or the home's default, opened and brought up to date (unless
    /// `upgrade` is false). Passwords in a URL are registered with `masker`.
    /// - Throws: `ValidationError` naming the store when it cannot be opened (unreachable, not a database, from a
    ///   newer Updraft, unwritable); the message never holds a password.
    func open(masker: SecretMasker, upgrade: Bool = true,
              environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> OpenedStore {
        let location = database ?? environment["UPDRAFT_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        if let location, location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            do {
                let url = try PostgresDatabaseURL(parsing: location)
                if let password = url.password { masker.register(password) }
                let store = try await PostgresRunStore(url: url, upgrade: upgrade)
                return OpenedStore(store: store, description: url.description, close: { await store.close() })
            } catch {
                throw ValidationError("cannot open the run store: \(masker.mask(String(describing: error)))")
            }
        }
        let path = location ?? UpdraftHome.current(environment: environment).database.path
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            let store = try SQLiteRunStore(path: path, upgrade: upgrade)
            return OpenedStore(store: store, description: path, close: {})
        } catch {
            throw ValidationError("cannot open the run store '\(path)': \(masker.mask(Self.reason(error)))")
        }
    }

    /// How long a command's claim on a run lasts without renewal: a resume after `kill -9` waits at most this
    /// (unless the owner died on this machine, which is taken over at once).
    static let leaseDuration: Duration = .seconds(30)

    /// Runs `body` with `configuration` on the durable store `--db` names, unless the executable chose its own
    /// store (anything but the in-memory default), runs claimed with leases (``leaseDuration`` unless set). The
    /// body also gets the store's description (a file, or a URL without its password).
    func withDurableEngine<T>(_ configuration: Engine.Configuration,
                              _ body: (Engine.Configuration, String) async throws -> T) async throws -> T {
        var configuration = configuration
        configuration.leaseDuration = configuration.leaseDuration ?? Self.leaseDuration
        guard configuration.store is InMemoryRunStore else { return try await body(configuration, "the executable's store") }
        return try await withStore(masker: configuration.masker) { opened in
            configuration.store = opened.store
            return try await body(configuration, opened.description)
        }
    }

    /// Runs `body` with the store, closing it afterwards whatever happens. Store errors from `body` become usage
    /// errors with the message masked.
    func withStore<T>(masker: SecretMasker, upgrade: Bool = true,
                      _ body: (OpenedStore) async throws -> T) async throws -> T {
        let opened = try await open(masker: masker, upgrade: upgrade)
        do {
            let result = try await body(opened)
            await opened.close()
            return result
        } catch let error as RunStoreError {
            await opened.close()
            throw ValidationError(masker.mask(error.description))
        } catch {
            await opened.close()
            throw error
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let storeError = error as? RunStoreError { return storeError.description }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return String(describing: error)
    }
}

/// A store opened by ``StoreOptions``, with what closing it takes (a PostgreSQL pool is closed; SQLite needs nothing).
struct OpenedStore: Sendable {
    let store: any RunStore
    /// The file or the URL (password masked).
    let description: String
    let close: @Sendable () async -> Void
}
