/// Collects the tasks and dependencies of a DAG while its building closure runs.
///
/// ```swift
/// let dag = try DAG("talend_jobs", schedule: .once, defaultArgs: defaultArgs) { dag in
///     let talend1 = dag.task("hello-world", KubernetesPodOperator(…))
///     let sendEmail = dag.task("send_email", EmailOperator(…))
///     talend1 >> sendEmail
/// }
/// ```
public final class DAGBuilder {
    /// The id of the DAG being built.
    public let dagID: String
    private(set) var taskIDs: [String] = []
    private(set) var operators: [any Operator] = []
    private(set) var options: [TaskOptions] = []
    private(set) var edges: [(from: Int32, to: Int32)] = []
    private(set) var errors: [DAGError] = []
    private var indexByID: [String: Int32] = [:]
    private var edgeKeys: Set<UInt64> = []

    init(dagID: String) { self.dagID = dagID }

    /// Declares a task running `op`.
    /// - Parameters:
    ///   - taskID: unique in the DAG, matching `^[\w.-]+$`, at most 250 characters.
    ///   - op: the operator the task runs.
    ///   - options: the task's own options; fields left nil come from the DAG's `defaultArgs`.
    @discardableResult
    public func task(_ taskID: String, _ op: some Operator, options: TaskOptions = TaskOptions()) -> TaskHandle {
        if let existing = indexByID[taskID] {
            errors.append(DAGError(.duplicateTaskID, dagID: dagID, "task id '\(taskID)' is declared twice"))
            return TaskHandle(taskID: taskID, index: existing, builder: self)
        }
        if !Identifier.isValid(taskID) {
            errors.append(DAGError(.invalidTaskID, dagID: dagID, """
                task id '\(taskID)' is invalid: it must be 1 to \(Identifier.maxLength) characters of letters, \
                digits, '_', '.' or '-'
                """))
        }
        let index = Int32(taskIDs.count)
        indexByID[taskID] = index
        taskIDs.append(taskID)
        operators.append(op)
        self.options.append(options)
        return TaskHandle(taskID: taskID, index: index, builder: self)
    }

    /// Declares a task running a Swift closure (Airflow's `PythonOperator`); its return value is the task's result.
    @discardableResult
    public func task<Output: Encodable & Sendable>(
        _ taskID: String, options: TaskOptions = TaskOptions(),
        _ body: @escaping @Sendable (TaskContext) async throws -> Output
    ) -> TaskHandle {
        task(taskID, ClosureOperator(body), options: options)
    }

    /// Declares a task running a Swift closure that returns nothing (no XCom result).
    @discardableResult
    public func task(
        _ taskID: String, options: TaskOptions = TaskOptions(),
        _ body: @escaping @Sendable (TaskContext) async throws -> Void
    ) -> TaskHandle {
        task(taskID, ClosureOperator<JSONValue?> { context in
            try await body(context)
            return nil
        }, options: options)
    }

    /// The handle of an already declared task.
    public func handle(_ taskID: String) -> TaskHandle? {
        indexByID[taskID].map { TaskHandle(taskID: taskID, index: $0, builder: self) }
    }

    func addEdge(from upstream: TaskHandle, to downstream: TaskHandle) {
        guard upstream.builder === self, downstream.builder === self else {
            let foreign = upstream.builder === self ? downstream : upstream
            errors.append(DAGError(.foreignTask, dagID: dagID, """
                task '\(foreign.taskID)' belongs to DAG '\(foreign.builder.dagID)' and cannot be connected to \
                '\(upstream.builder === self ? upstream.taskID : downstream.taskID)'
                """))
            return
        }
        let key = UInt64(UInt32(bitPattern: upstream.index)) << 32 | UInt64(UInt32(bitPattern: downstream.index))
        if edgeKeys.insert(key).inserted { edges.append((upstream.index, downstream.index)) }
    }

    func record(_ error: DAGError) { errors.append(error) }
}
