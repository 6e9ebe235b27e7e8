import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Updraft
import UpdraftService

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
                                 """)
    }

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("runs-dir"),
            help: ArgumentHelp("Where task logs go ($UPDRAFT_HOME/runs by default).", valueName: "directory"))
    var runsDirectory = UpdraftHome.current().runs.path

    @Option(name: .customLong("grace-period"),
            help: ArgumentHelp("Seconds running tasks get to finish on shutdown.", valueName: "seconds"))
    var gracePeriod = 60

    func validate() throws {
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must be 0 or more seconds") }
        _ = try Executable.makeDAGs()
    }

    func run() async throws {
        let dags = try Executable.makeDAGs()
        try WritablePath.checkDirectory(runsDirectory, option: "--runs-dir")
        var engine = try Executable.engineConfiguration()
        let opened = try await RunCommand<Executable>.store(for: engine, options: storeOptions)
        if let opened { engine.store = opened.store }
        engine.logDirectory = URL(fileURLWithPath: runsDirectory)
        engine.logTailLines = 0
        engine.leaseDuration = engine.leaseDuration ?? RunCommand<Executable>.leaseDuration
        engine.logger = Logger(label: "updraft.engine")
        let logger = Logger(label: "updraft.serve")
        let service = UpdraftService(dags: dags, engine: engine, configuration: ServiceConfiguration(
            gracePeriod: .seconds(gracePeriod), logger: logger))
        logger.notice("serving \(dags.map(\.dagID).joined(separator: ", ")) on \(opened?.description ?? "the executable's store")")
        do {
            try await Self.serve(service, logger: logger)
        } catch {
            await opened?.close()
            throw error
        }
        await opened?.close()
    }

    /// Runs `service` until the first SIGTERM/SIGINT shuts it down gracefully; a second signal cancels it (tasks still
    /// clean up).
    private static func serve(_ service: UpdraftService, logger: Logger) async throws {
        let group = ServiceGroup(services: [service], logger: logger)
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
}
