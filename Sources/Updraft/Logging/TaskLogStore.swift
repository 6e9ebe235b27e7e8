public import Foundation
public import Logging
import Synchronization

/// One line of a task's log.
public struct TaskLogLine: Sendable, Hashable, Codable {
    /// When it was logged (on the run's clock).
    public var date: Date
    /// Its level.
    public var level: Logger.Level
    /// The text, with secrets already masked.
    public var message: String

    /// Creates a log line.
    public init(date: Date, level: Logger.Level, message: String) {
        self.date = date
        self.level = level
        self.message = message
    }
}

/// The captured logs of a run, per task and per try, readable during and after the run.
public final class TaskLogStore: Sendable {
    private struct Key: Hashable {
        var taskID: String
        var tryNumber: Int
    }

    private let lines = Mutex<[Key: [TaskLogLine]]>([:])

    /// An empty store.
    public init() {}

    /// Appends a line to the log of `taskID`'s try `tryNumber`.
    public func append(_ line: TaskLogLine, taskID: String, tryNumber: Int) {
        lines.withLock { $0[Key(taskID: taskID, tryNumber: tryNumber), default: []].append(line) }
    }

    /// The log of one try (1-based), or of every try in order when `tryNumber` is nil.
    public func lines(taskID: String, tryNumber: Int? = nil) -> [TaskLogLine] {
        lines.withLock { all in
            if let tryNumber { return all[Key(taskID: taskID, tryNumber: tryNumber)] ?? [] }
            return all.keys.filter { $0.taskID == taskID }.sorted { $0.tryNumber < $1.tryNumber }
                .flatMap { all[$0] ?? [] }
        }
    }

    /// The try numbers that have a log for `taskID`.
    public func tryNumbers(taskID: String) -> [Int] {
        lines.withLock { $0.keys.filter { $0.taskID == taskID }.map(\.tryNumber).sorted() }
    }
}
