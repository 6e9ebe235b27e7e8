import Foundation
import HTTPTypes
import Updraft

/// Reads a task try's log from the engine's log files (``TaskLogDirectory``), masked again on the way out in case
/// a secret was registered after the line was written.
struct TaskLogReader: Sendable {
    let web: WebContext

    /// The lines of try `tryNumber` of `taskID` in `run`; none while the try has written nothing.
    /// - Throws: ``APIError`` 404 when logs are not kept in files or the file cannot be read.
    func lines(run: DAGRunRecord, taskID: String, tryNumber: Int) throws -> [TaskLogLine] {
        guard let directory = web.logDirectory else {
            throw APIError(.notFound, "task logs are not kept in files by this service (no log directory)")
        }
        do {
            return try directory.lines(dagID: run.dagID, runID: run.runID, taskID: taskID, tryNumber: tryNumber)
                .map { TaskLogLine(date: $0.date, level: $0.level, message: web.masker.mask($0.message)) }
        } catch {
            throw APIError(.notFound, "log of \(taskID) try \(tryNumber) unreadable: \(web.masker.mask("\(error)"))")
        }
    }
}
