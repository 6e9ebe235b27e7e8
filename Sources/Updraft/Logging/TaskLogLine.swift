public import Foundation
public import Logging

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
