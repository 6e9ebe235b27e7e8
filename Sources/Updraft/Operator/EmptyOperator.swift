/// Does nothing and succeeds (Airflow's `EmptyOperator`): a join point, a placeholder in a graph.
public struct EmptyOperator: Operator {
    /// Creates the operator.
    public init() {}

    public func execute(context: TaskContext) async throws -> JSONValue? { nil }
}
