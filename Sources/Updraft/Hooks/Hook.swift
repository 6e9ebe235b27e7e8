/// A capability object bound to a connection, through which an operator does all its I/O (Airflow's hooks):
/// `HTTPHook`, `KubernetesHook`, `SMTPHook`, `TalendCloudHook`.
///
/// Operators never build hooks themselves: they ask their ``TaskContext`` for one by connection id
/// (``HookResolver/hook(_:connID:live:)``), which lets a run or a test substitute any hook (a mock) without
/// touching the DAG.
public protocol Hook: Sendable {}
