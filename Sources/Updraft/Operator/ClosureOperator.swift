/// Runs a Swift closure as a task (Airflow's `PythonOperator`): glue code between operators.
///
/// ```swift
/// dag.task("count_rows") { context in
///     let rows = try await context.xcom.pull([Row].self, from: "extract") ?? []
///     return rows.count
/// }
/// ```
public struct ClosureOperator<Output: Encodable & Sendable>: Operator {
    private let body: @Sendable (TaskContext) async throws -> Output

    /// Creates the operator from the closure it runs.
    public init(_ body: @escaping @Sendable (TaskContext) async throws -> Output) { self.body = body }

    public static var operatorName: String { "ClosureOperator" }

    public func execute(context: TaskContext) async throws -> Output { try await body(context) }
}
