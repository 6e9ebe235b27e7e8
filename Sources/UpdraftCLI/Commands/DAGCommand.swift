import ArgumentParser
import Foundation

/// The root command of a DAG executable, named after the executable.
struct DAGCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent },
            abstract: "Run, test and inspect the DAGs of this executable.",
            subcommands: [RunCommand<Executable>.self, TestCommand<Executable>.self, ListCommand<Executable>.self,
                          ShowCommand<Executable>.self, ReportCommand<Executable>.self,
                          NextExecutionCommand<Executable>.self, ServeCommand<Executable>.self,
                          TriggerCommand<Executable>.self, PauseCommand<Executable>.self,
                          UnpauseCommand<Executable>.self, RunsCommand<Executable>.self,
                          TasksCommand<Executable>.self, DBCommand<Executable>.self],
            defaultSubcommand: RunCommand<Executable>.self)
    }
}
