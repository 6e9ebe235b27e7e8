/// Chooses, with a closure, which direct downstream tasks run; the others are skipped
/// (Airflow's `BranchPythonOperator`).
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
