/// A function called at a point of a task's life (Airflow's `on_*_callback`).
///
/// It receives the task's context; for failure and retry callbacks ``TaskContext/failure`` holds the error.
/// A callback that throws is logged; it never changes the task's outcome.
public typealias TaskCallback = @Sendable (TaskContext) async throws -> Void
