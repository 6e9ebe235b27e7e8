/// Chooses, with a closure, which direct downstream tasks run; the others are skipped
/// (Airflow's `BranchPythonOperator`).
///
/// As in Airflow 3, the tasks chosen and everything downstream of them are followed, so a join below a chosen task
/// runs even if it is also a direct downstream task; any other direct downstream task is skipped whatever it waits
/// in (unless it is already running or finished), and an id that is not a task of the DAG fails the branch.
/// Return `[]` to skip every direct downstream task.
///
/// ```swift
/// let pick = dag.task("pick", BranchOperator { context in
///     context.params["full"]?.boolValue == true ? ["full_load"] : ["incremental_load"]
/// })
/// pick >> [fullLoad, incrementalLoad]
/// ```
public struct BranchOperator: BranchingOperator {
    private let choose: @Sendable (TaskContext) async throws -> [String]

    /// Creates the operator from the closure returning the task ids to follow.
    public init(_ choose: @escaping @Sendable (TaskContext) async throws -> [String]) { self.choose = choose }

    public func execute(context: TaskContext) async throws -> [String] { try await choose(context) }
}
