import Foundation
public import Logging
import Synchronization

/// The log handler behind every task's logger: masks secrets, stores the line in the run's ``TaskLogStore`` under
/// the task and try, and forwards it to the engine's logger (console, files…) with the task metadata.
public struct TaskLogHandler: LogHandler {
    public var logLevel: Logger.Level
    let dagID: String
    let runID: String
    let taskID: String
    let tryNumber: Int
    /// Metadata added by the operator; the task metadata is built when the first line is logged (a task that never
    /// logs does not pay for it) and kept for the try's later lines.
    private var addedMetadata: Logger.Metadata = [:]
    private let taskMetadata = TaskMetadataCache()
    let store: TaskLogStore
    let masker: SecretMasker
    let clock: any UpdraftClock
    let forward: Logger

    init(dagID: String, runID: String, taskID: String, tryNumber: Int, store: TaskLogStore, masker: SecretMasker,
         clock: any UpdraftClock, forward: Logger) {
        self.dagID = dagID
        self.runID = runID
        self.taskID = taskID
        self.tryNumber = tryNumber
        self.logLevel = forward.logLevel < .info ? forward.logLevel : .info
        self.store = store
        self.masker = masker
        self.clock = clock
        self.forward = forward
    }

    public var metadata: Logger.Metadata {
        get {
            var all = taskMetadata.value {
                [LoggingKeys.dagID: "\(dagID)", LoggingKeys.taskID: "\(taskID)", LoggingKeys.runID: "\(runID)",
                 LoggingKeys.tryNumber: "\(tryNumber)"]
            }
            if !addedMetadata.isEmpty { all.merge(addedMetadata) { _, added in added } }
            return all
        }
        set { addedMetadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { addedMetadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var text = masker.mask(event.message.description)
        if let extra = event.metadata, !extra.isEmpty {
            let rendered = extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            text += " " + masker.mask(rendered)
        }
        store.append(TaskLogLine(date: clock.now(), level: event.level, message: text),
                     taskID: taskID, tryNumber: tryNumber)
        var merged = metadata
        if let extra = event.metadata {
            for (key, value) in extra { merged[key] = .string(masker.mask("\(value)")) }
        }
        forward.log(level: event.level, "\(text)", metadata: merged, source: event.source,
                    file: event.file, function: event.function, line: event.line)
    }
}

/// The task metadata of one try's logger, built once on first use (copies of the handler share it).
private final class TaskMetadataCache: Sendable {
    private let cached = Mutex<Logger.Metadata?>(nil)

    func value(_ make: () -> Logger.Metadata) -> Logger.Metadata {
        cached.withLock { cached in
            if let cached { return cached }
            let made = make()
            cached = made
            return made
        }
    }
}
