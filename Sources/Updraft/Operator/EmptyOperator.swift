/// Does nothing and succeeds (Airflow's `EmptyOperator`): a join point, a placeholder in a graph. Its tries run on
/// the engine's thread (``Operator/startsImmediately``), as Airflow's scheduler never sends one to an executor.
public struct EmptyOperator: Operator {
    /// Creates the operator.
    public init() {}

    public static var startsImmediately: Bool { true }

    public func execute(context: TaskContext) async throws -> JSONValue? { nil }
}
