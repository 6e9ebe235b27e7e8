/// A task declared in a ``DAGBuilder``: what `>>`, `<<`, ``chain(_:)`` and friends connect.
///
/// Handles are only meaningful inside the closure that builds their DAG.
public struct TaskHandle {
    /// The task's id.
    public let taskID: String
    let index: Int32
    let builder: DAGBuilder

    /// Makes `other` run after this task (Airflow's `set_downstream`).
    public func setDownstream(_ other: TaskHandle) { builder.addEdge(from: self, to: other) }

    /// Makes this task run after `other` (Airflow's `set_upstream`).
    public func setUpstream(_ other: TaskHandle) { builder.addEdge(from: other, to: self) }
}

/// Something `chain` accepts: one task or a list of tasks.
public protocol TaskChainElement {
    /// The tasks it stands for.
    var chainHandles: [TaskHandle] { get }
    /// Whether it is a list (lists side by side in `chain` are connected element-wise).
    var isTaskList: Bool { get }
}

extension TaskHandle: TaskChainElement {
    public var chainHandles: [TaskHandle] { [self] }
    public var isTaskList: Bool { false }
}

extension Array: TaskChainElement where Element == TaskHandle {
    public var chainHandles: [TaskHandle] { self }
    public var isTaskList: Bool { true }
}
