import ArgumentParser

/// `tasks clear`: task instances in the run store (Airflow's `tasks` commands).
struct TasksCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "tasks", abstract: "Clear task instances of a run.",
                             subcommands: [TasksClearCommand<Executable>.self])
    }
}
