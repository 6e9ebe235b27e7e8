/// The metadata keys Updraft puts on task loggers, kept in one place.
public enum LoggingKeys {
    /// The DAG id.
    public static let dagID = "updraft.dag_id"
    /// The task id.
    public static let taskID = "updraft.task_id"
    /// The run id.
    public static let runID = "updraft.run_id"
    /// The 1-based try number.
    public static let tryNumber = "updraft.try_number"
}
