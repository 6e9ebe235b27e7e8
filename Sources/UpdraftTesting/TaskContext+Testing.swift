import Logging
public import Updraft

extension TaskContext {
    /// A context for calling one operator's `execute` directly in a unit test, with mock hooks and a manual clock.
    /// Log lines go to `logs` (read them with `logs.lines(taskID:)`).
    public static func forTesting(
        taskID: String = "test_task", dagID: String = "test_dag", runID: String = "test_run", tryNumber: Int = 1,
        maxTries: Int = 1, params: [String: JSONValue] = [:], hooks: [String: any Hook] = [:],
        connections: [GenericConnection] = [], clock: ManualClock = ManualClock(autoAdvance: true),
        store: any RunStore = InMemoryRunStore(), logs: TaskLogStore = TaskLogStore(),
        masker: SecretMasker = SecretMasker()
    ) -> TaskContext {
        let resolver = HookResolver(
            connections: ConnectionResolver(sources: [InMemoryConnectionSource(connections)]),
            overrides: HookOverrides(hooks), requiresOverrides: true, masker: masker)
        var logger = Logger(label: "updraft.test") { _ in
            TestLogHandler(taskID: taskID, tryNumber: tryNumber, logs: logs, masker: masker, clock: clock)
        }
        // As on a run's task logger, so mock hooks see which task and try calls them.
        logger[metadataKey: LoggingKeys.taskID] = "\(taskID)"
        logger[metadataKey: LoggingKeys.tryNumber] = "\(tryNumber)"
        return TaskContext(dagID: dagID, taskID: taskID, runID: runID, logicalDate: clock.now(), tryNumber: tryNumber,
                           maxTries: maxTries, params: params, logger: logger, store: store, hooks: resolver,
                           clock: clock, masker: masker)
    }
}

/// Captures a unit-tested operator's log lines, masked, into a ``TaskLogStore``.
struct TestLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    let taskID: String
    let tryNumber: Int
    let logs: TaskLogStore
    let masker: SecretMasker
    let clock: any UpdraftClock

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append(TaskLogLine(date: clock.now(), level: event.level, message: masker.mask(event.message.description)),
                    taskID: taskID, tryNumber: tryNumber)
    }
}
