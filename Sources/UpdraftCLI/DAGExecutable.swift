import ArgumentParser
public import Updraft

/// An executable that defines DAGs and gets a command line for them: `run` (the default), `test TASK_ID`, `list`,
/// `show`, `report` and `next-execution` (Airflow's `dags test`, `tasks test`, `dags list`, `dags show`, the UI's
/// run view and `dags next-execution`).
///
/// ```swift
/// import Updraft
/// import UpdraftCLI
///
/// @main struct HelloDAG: DAGExecutable {
///     static func makeDAGs() throws -> [DAG] { [try helloDAG()] }
/// }
/// ```
///
/// Then `swift run HelloDAG` runs the DAG with live progress, `swift run HelloDAG show --format mermaid` prints
/// its graph, and `swift run HelloDAG --help` lists everything.
public protocol DAGExecutable {
    /// The DAGs of this executable (several need `--dag ID` to pick one to run).
    /// - Throws: `DAGError` when a DAG is invalid; the command line prints it and exits with status 1.
    static func makeDAGs() throws -> [DAG]

    /// The engine configuration runs use: connections, pools, alert hook, masker, store. The command line adds its
    /// console to the configuration's logger. By default `Engine.Configuration()`.
    /// - Throws: any error, printed by the command line.
    static func engineConfiguration() throws -> Engine.Configuration

    /// Bootstraps swift-log once, before the command runs. By default the loggers libraries make with
    /// `Logger(label:)` write through the command's console, one line each, warnings and errors only; override to
    /// bootstrap your own backend instead (swift-log allows one bootstrap per process).
    static func bootstrapLogging()
}

extension DAGExecutable {
    /// The default configuration: real clock, in-memory store, connections from the environment.
    public static func engineConfiguration() throws -> Engine.Configuration { Engine.Configuration() }

    /// Library loggers write through the command's console.
    public static func bootstrapLogging() { ConsoleLogging.bootstrap() }

    /// Parses the command line and runs the command; exits with status 0 on success, 1 on a failed run or an
    /// error, 64 on bad arguments (with usage), and 130 or 143 after a run cancelled by SIGINT or SIGTERM.
    public static func main() async {
        bootstrapLogging()
        await DAGCommand<Self>.main()
    }
}
