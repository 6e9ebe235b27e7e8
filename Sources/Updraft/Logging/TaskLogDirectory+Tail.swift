public import Foundation

extension TaskLogDirectory {
    /// The directory holding the log files of every try of `taskID` (it may not exist yet).
    public func taskDirectory(dagID: String, runID: String, taskID: String) -> URL {
        URL(fileURLWithPath: taskPath(dagID: dagID, runID: runID, taskID: taskID), isDirectory: true)
    }

    /// The complete lines of a try's log file from byte `offset` on, and the offset just after the last of them, so
    /// a reader following a growing file (the web UI's live log) reads each line once and never half a line.
    /// - Returns: no lines and `offset` itself when the file does not exist yet or has no new complete line.
    /// - Throws: ``TaskLogFileError`` naming the file when it exists but cannot be read.
    public func lines(dagID: String, runID: String, taskID: String, tryNumber: Int,
                      from offset: UInt64) throws -> (lines: [TaskLogLine], next: UInt64) {
        let path = filePath(dagID: dagID, runID: runID, taskID: taskID, tryNumber: tryNumber)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw TaskLogFileError(path: path, reason: "not readable")
            }
            return ([], offset)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            try handle.seek(toOffset: offset)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw TaskLogFileError(path: path, reason: error.localizedDescription)
        }
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], offset) }
        let complete = data[data.startIndex...lastNewline]
        return (Self.decode(Data(complete)), offset + UInt64(complete.count))
    }
}
