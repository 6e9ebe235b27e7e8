import ArgumentParser
import Updraft

/// `list`: the DAGs and their tasks with operators and effective options.
struct ListCommand<Executable: DAGExecutable>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List the DAGs and their tasks with their options.")
    }

    @OptionGroup var selection: DAGSelection

    func validate() throws {
        _ = try selection.dags(from: try Executable.makeDAGs())
    }

    func run() throws {
        let dags = try selection.dags(from: try Executable.makeDAGs())
        print(dags.map(DAGListing.render).joined(separator: "\n"), terminator: "")
    }
}
