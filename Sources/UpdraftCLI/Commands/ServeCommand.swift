import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Updraft
import UpdraftMetrics
import UpdraftService
import UpdraftWeb

/// `serve`: runs the executable's DAGs on their schedules until stopped — Airflow's scheduler, on the run store.
struct ServeCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "serve", abstract: "Run the DAGs on their schedules until stopped.",
                             discussion: """
                                 Creates each scheduled run when it becomes due (catching up missed intervals of \\
                                 DAGs with catchup), starts runs queued by `trigger`, keeps every DAG within \\
                                 maxActiveRuns, honours `pause`, and resumes runs a stopped process left behind \\
                                 (pods and Talend executions reattached, nothing started twice). SIGTERM or SIGINT \\
                                 stops creating runs, lets running tasks finish for --grace-period seconds, then \\
                                 cancels them with their clean-up and exits 0; a second signal skips the wait.

                                 The same process serves Airflow's REST API (/api/v2), /health and /metrics on \
                                 --host and --port (127.0.0.1:8080 by default). Another address needs users: \
                                 UPDRAFT_API_USERS=name:password[,name:password…], who get bearer tokens from \
                                 POST /auth/token as from Airflow 3's API server.
                                 """)
    }

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("runs-dir"),
            help: ArgumentHelp("Where task logs go ($UPDRAFT_HOME/runs by default).", valueName: "directory"))
    var runsDirectory = UpdraftHome.current().runs.path

    @Option(name: .customLong("host"), help: ArgumentHelp("The address the API server binds.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .customLong("port"), help: ArgumentHelp("The API server's port (0: any free one).", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("grace-period"),
            help: ArgumentHelp("Seconds running tasks get to finish on shutdown.", valueName: "seconds"))
    var gracePeriod = 60

    @Flag(name: .customLong("share-tries"),
          help: "Spread every run's tries over all the replicas sharing the store, not only the run's owner.")
    var sharesTries = false

    @Option(name: .customLong("parallelism"),
            help: ArgumentHelp("With --share-tries, how many tries this replica runs at once "
                               + "($AIRFLOW__CORE__PARALLELISM, or 32).", valueName: "count"))
    var parallelism: Int?

    func validate() throws {
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be 1 or more") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must be 0 or more seconds") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        _ = try Executable.makeDAGs()
    }

    func run() async throws {
        let dags = try Executable.makeDAGs()
        try WritablePath.checkDirectory(runsDirectory, option: "--runs-dir")
        try await storeOptions.withDurableEngine(try Executable.engineConfiguration()) { engine, location in
            try await serve(dags, engine: engine, location: location)
        }
    }

    private func serve(_ dags: [DAG], engine: Engine.Configuration, location: String) async throws {
        var engine = engine
        engine.logDirectory = URL(fileURLWithPath: runsDirectory)
        engine.logTailLines = 0
        engine.logger = Logger(label: "updraft.engine")
        engine.sharesTries = engine.sharesTries || sharesTries
        let logger = Logger(label: "updraft.serve")
        let service = UpdraftService(dags: dags, engine: engine, configuration: ServiceConfiguration(
            gracePeriod: .seconds(gracePeriod), parallelism: parallelism, logger: logger))
        // /metrics: the engine's run and task metrics and the scheduler's, in Prometheus's text format.
        let registry = UpdraftWebServer.bootstrapMetrics()
        engine.observers.append(RunMetrics().sink)
        let users = try Self.apiUsers(masker: engine.masker)
        let web = UpdraftWebServer(
            configuration: WebServerConfiguration(host: host, port: port, auth: users.map { WebAuthConfiguration(users: $0) }),
            store: engine.store, dags: dags, heartbeat: service.heartbeat, masker: engine.masker,
            logDirectory: engine.logDirectory, metricsRegistry: registry, logger: Logger(label: "updraft.web"),
            onRunning: { [host] bound in logger.notice("API server listening on http://\(host):\(bound)") })
        logger.notice("serving \(dags.map(\.dagID).joined(separator: ", ")) on \(location)")
        try await Self.serve([service, web], logger: logger)
    }

    /// Runs `service` until the first SIGTERM/SIGINT shuts it down gracefully; a second signal cancels it (tasks still
    /// clean up).
    private static func serve(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(services: services, logger: logger)
        let (repeats, repeated) = AsyncStream.makeStream(of: Int32.self)
        let watcher = SignalWatcher { signal in repeated.yield(signal) }
        defer { watcher.stop() }
        await watcher.ready()
        // Each child says whether it was the service: only its end ends the command.
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            tasks.addTask {
                for await signal in watcher.signals {
                    logger.notice("received \(SignalWatcher.name(of: signal)): no new runs; waiting for running tasks")
                    await group.triggerGracefulShutdown()
                }
                return false
            }
            tasks.addTask {
                for await signal in repeats {
                    logger.notice("received \(SignalWatcher.name(of: signal)) again: cancelling running tasks")
                    throw CancellationError()
                }
                return false
            }
            while let wasService = try await tasks.next() {
                if wasService { break }
            }
            tasks.cancelAll()
        }
    }

    /// `UPDRAFT_API_USERS` (`name:password,…`), the passwords registered with the masker; nil when unset.
    static func apiUsers(masker: SecretMasker,
                         environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: String]? {
        guard let text = environment["UPDRAFT_API_USERS"], !text.isEmpty else { return nil }
        var users: [String: String] = [:]
        for (index, entry) in text.split(separator: ",").enumerated() {
            guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex, entry.index(after: colon) != entry.endIndex
            else { throw ValidationError("UPDRAFT_API_USERS entry \(index + 1) is not name:password") }
            let password = String(entry[entry.index(after: colon)...])
            masker.register(password)
            users[String(entry[..<colon])] = password
        }
        return users
    }
}
