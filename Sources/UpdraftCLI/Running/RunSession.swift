import Foundation
import Logging
import Updraft

/// Runs a DAG once with progress on the console, task log lines prefixed by task id, and SIGINT/SIGTERM turned
/// into the cancellation of the run (operators clean up before the engine returns).
struct RunSession {
    /// How a run ended.
    struct Outcome {
        /// The run's result (a cancelled run is a failed result too).
        var result: DAGRunResult
        /// The signal that cancelled it, if one did.
        var signal: Int32?
    }

    private enum Event: Sendable {
        case finished(DAGRunResult)
        case signal(Int32)
        case idle
    }

    let dag: DAG
    let configuration: Engine.Configuration
    let console: ProgressConsole

    /// A session for `dag`; progress goes to `console`.
    init(dag: DAG, configuration: Engine.Configuration, console: ProgressConsole) {
        self.dag = dag
        var configuration = configuration
        let handlers: [any LogHandler] = [configuration.logger.handler, ConsoleLogHandler(console: console)]
        configuration.logger = Logger(label: "updraft.cli") { _ in MultiplexLogHandler(handlers) }
        self.configuration = configuration
        self.console = console
    }

    /// Runs the DAG.
    /// - Throws: ``Updraft/EngineError`` when the run cannot start.
    func run(runID: String?, logicalDate: Date?, params: [String: JSONValue], resume: Bool = false) async throws
        -> Outcome {
        let engine = Engine(configuration: configuration)
        let console = console
        let sink = RunEventSink(deliver: { console.handle($0) })
        let watcher = SignalWatcher { signal in
            console.note("received \(SignalWatcher.name(of: signal)) again: exiting without waiting for the cleanup")
            exit(SignalWatcher.exitStatus(for: signal))
        }
        defer { watcher.stop() }
        await watcher.ready()
        return try await withThrowingTaskGroup(of: Event.self) { group in
            let dag = dag
            group.addTask { .finished(try await engine.run(dag, runID: runID, logicalDate: logicalDate,
                                                          params: params, resume: resume, events: sink)) }
            group.addTask {
                for await signal in watcher.signals { return .signal(signal) }
                return .idle
            }
            if console.mode == .live {
                group.addTask {
                    // Redraw the elapsed time; stops when the run ends (the group is cancelled).
                    while (try? await Task.sleep(for: .milliseconds(100))) != nil { console.tick() }
                    return .idle
                }
            }
            var received: Int32?
            while let event = try await group.next() {
                switch event {
                case .finished(let result):
                    group.cancelAll()
                    console.finish()
                    return Outcome(result: result, signal: received)
                case .signal(let signal):
                    received = signal
                    console.note("received \(SignalWatcher.name(of: signal)): cancelling the run, cleaning up…")
                    group.cancelAll()
                case .idle:
                    break
                }
            }
            // Unreachable in practice: the engine's child ends the loop with `.finished` or by throwing.
            throw CancellationError()
        }
    }
}
