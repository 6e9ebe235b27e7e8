/// A unit of work in a DAG: what a task does when it runs (Airflow's operators).
///
/// Operators are values: their parameters are set when the DAG is written, and all I/O goes through hooks obtained
/// from the ``TaskContext`` by connection id, so tests can swap any hook for a mock. The value `execute` returns
/// becomes the task's XCom `return_value` (unless `doXComPush` is off); return `nil` for none.
///
/// ```swift
/// struct Greet: Operator {
///     var name: String
///     func execute(context: TaskContext) async throws -> String {
///         context.logger.info("greeting \(name)")
///         return "hello \(name)"
///     }
/// }
/// ```
///
/// Throw ``SkipTask`` to skip the task, ``FailWithoutRetry`` to fail it without retries; any other error fails the
/// try (and is retried while retries remain). `execute` must honour Swift task cancellation: the engine cancels it
/// when the run is cancelled or the try times out, then calls ``onKill(context:)``.
public protocol Operator: Sendable {
    /// What `execute` returns; it is encoded as JSON for XCom.
    associatedtype Output: Encodable & Sendable = JSONValue?

    /// The operator's name in listings and reports (the type name by default).
    static var operatorName: String { get }

    /// Whether a try may start on the engine's own thread and run there until its first suspension, instead of
    /// being handed to another thread of the pool (false by default). A try that finishes without suspending then
    /// costs no thread hand-off at all, as Airflow's scheduler marks `EmptyOperator` tasks done without an
    /// executor. Only for operators whose synchronous work is short: one that computes for long without suspending
    /// would hold up the engine, and the tasks ready beside it, meanwhile.
    static var startsImmediately: Bool { get }

    /// Does the work of one try of the task.
    func execute(context: TaskContext) async throws -> Output

    /// Cleans up after a try that was cancelled or timed out (delete a pod, terminate a remote job). Called after
    /// `execute` has returned or thrown, shielded from the run's cancellation. Does nothing by default.
    func onKill(context: TaskContext) async
}

extension Operator {
    public static var operatorName: String { String(describing: Self.self) }

    public static var startsImmediately: Bool { false }

    public func onKill(context: TaskContext) async {}
}

/// An operator that chooses which of its direct downstream tasks run (Airflow's branch operators): its result is
/// the list of task ids to follow; the engine skips every other direct downstream task that is not downstream of a
/// chosen one (see ``BranchOperator``).
public protocol BranchingOperator: Operator where Output == [String] {}
