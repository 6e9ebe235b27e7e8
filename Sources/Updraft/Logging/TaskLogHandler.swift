import Foundation
public import Logging

/// The log handler behind every task's logger: masks secrets, stores the line in the run's ``TaskLogStore`` under
/// the task and try, and forwards it to the engine's logger (console, files…) with the task metadata.
public struct TaskLogHandler: LogHandler {
    public var metadata: Logger.Metadata
    public var logLevel: Logger.Level
    let taskID: String
    let tryNumber: Int
    let store: TaskLogStore
    let masker: SecretMasker
    let clock: any UpdraftClock
    let forward: Logger

    init(taskID: String, tryNumber: Int, metadata: Logger.Metadata, store: TaskLogStore, masker: SecretMasker,
         clock: any UpdraftClock, forward: Logger) {
        self.taskID = taskID
        self.tryNumber = tryNumber
        self.metadata = metadata
        self.logLevel = forward.logLevel < .info ? forward.logLevel : .info
        self.store = store
        self.masker = masker
        self.clock = clock
        self.forward = forward
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
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
