import Foundation
import Logging
import Synchronization
import Updraft

/// Routes the loggers of the whole process that are not a task's — those libraries make with `Logger(label:)`,
/// such as the SMTP hook's — to the progress console of the running command, one line each, so no raw swift-log
/// line lands between progress lines. As for the engine's own lines, only notices (such as the address `serve`
/// listens on), warnings and errors are shown; lines carrying a task id are shown from info up, prefixed by it.
enum ConsoleLogging {
    private static let current = Mutex<ProgressConsole?>(nil)

    /// Makes every `Logger(label:)` of the process write through ``LibraryLogHandler``. Call once, first thing in
    /// `main` (swift-log allows a single bootstrap per process).
    static func bootstrap() {
        LoggingSystem.bootstrap { label in LibraryLogHandler(label: label) }
    }

    /// Makes `console` the one library lines go to (the latest console of the process).
    static func attach(_ console: ProgressConsole) { current.withLock { $0 = console } }

    /// The console library lines go to, if a command made one.
    static var console: ProgressConsole? { current.withLock { $0 } }
}

/// A library logger's handler: one line through the command's console (standard error before there is one).
struct LibraryLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let taskID = (event.metadata?[LoggingKeys.taskID] ?? metadata[LoggingKeys.taskID]).map { "\($0)" }
        guard taskID != nil || event.level >= .notice else { return }
        let message = "\(label): \(event.message)"
        if let console = ConsoleLogging.console {
            console.log(taskID: taskID, level: event.level, message: message)
        } else {
            let line = ProgressFormatter.logLine(taskID: taskID, level: event.level, message: message)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
