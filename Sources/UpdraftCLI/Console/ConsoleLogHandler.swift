import Logging
import Updraft

/// Sends task log lines (those carrying a task id) to the progress console, prefixed by their task id; engine
/// lines are shown from warning up.
struct ConsoleLogHandler: LogHandler {
    let console: ProgressConsole
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let taskID = event.metadata?[LoggingKeys.taskID].map { "\($0)" } ?? metadata[LoggingKeys.taskID].map { "\($0)" }
        guard taskID != nil || event.level >= .warning else { return }
        console.log(taskID: taskID, level: event.level, message: event.message.description)
    }
}
