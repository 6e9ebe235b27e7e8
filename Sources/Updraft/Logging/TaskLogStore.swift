import Foundation
import Synchronization

/// The logs of one run, per task and per try, readable during and after the run.
///
/// Without a directory (test runs) every line stays in memory. With a ``TaskLogDirectory`` the full log of each try
/// goes to its file and only the last lines of each try stay in memory (``tail(taskID:tryNumber:)``), so a task that
/// logs a million lines costs disk, not memory. Looking up one task costs what that task logged.
public final class TaskLogStore: Sendable {
    /// One try's log: its last lines in memory and, with a directory, its file.
    private struct TryLog {
        var tryNumber: Int
        var tail: TaskLogTail
        var writer: TaskLogFileWriter?
        var hasFile = false
        /// The try ended: a later line is written at once instead of keeping its file open.
        var ended = false
    }

    private struct State {
        var tasks: [String: [TryLog]] = [:]
        var failure: String?
    }

    /// Where files go; nil keeps every line in memory.
    public let directory: TaskLogDirectory?
    private let dagID: String
    private let runID: String
    private let tailLines: Int?
    private let state = Mutex(State())

    /// A store keeping every line in memory.
    public convenience init() { self.init(directory: nil, dagID: "", runID: "") }

    /// A store for run `runID` of `dagID`: with `directory`, each try's full log goes to its file there and its last
    /// `tailLines` lines stay in memory; without, every line stays in memory.
    public init(directory: TaskLogDirectory?, dagID: String, runID: String, tailLines: Int = 100) {
        self.directory = directory
        self.dagID = dagID
        self.runID = runID
        self.tailLines = directory == nil ? nil : max(0, tailLines)
    }

    /// Appends a line (already masked) to the log of `taskID`'s try `tryNumber`.
    public func append(_ line: TaskLogLine, taskID: String, tryNumber: Int) {
        let bytes = directory == nil ? [] : line.jsonLine()
        state.withLock { state in
            var failure: String?
            modifyTry(taskID: taskID, tryNumber: tryNumber, &state) { log in
                log.tail.append(line)
                guard let directory else { return }
                do {
                    if log.writer == nil {
                        let descriptor = try directory.openForAppend(dagID: dagID, runID: runID, taskID: taskID,
                                                                     tryNumber: tryNumber)
                        log.writer = TaskLogFileWriter(descriptor: descriptor, path: directory.fileURL(
                            dagID: dagID, runID: runID, taskID: taskID, tryNumber: tryNumber).path)
                        log.hasFile = true
                    }
                    try log.writer?.append(bytes)
                    // A line after the try ended (a retry note) is written at once rather than kept open.
                    if log.ended {
                        try log.writer?.close()
                        log.writer = nil
                    }
                } catch {
                    failure = String(describing: error)
                }
            }
            if let failure, state.failure == nil { state.failure = failure }
        }
    }

    /// The log of one try (1-based), or of every try in order when `tryNumber` is nil: from its files when logs
    /// are written to a directory, from memory otherwise.
    public func lines(taskID: String, tryNumber: Int? = nil) -> [TaskLogLine] {
        let tries = tryNumber.map { [$0] } ?? tryNumbers(taskID: taskID)
        return tries.flatMap { number -> [TaskLogLine] in
            guard let directory, flushedFile(taskID: taskID, tryNumber: number),
                  let lines = try? directory.lines(dagID: dagID, runID: runID, taskID: taskID, tryNumber: number)
            else { return tail(taskID: taskID, tryNumber: number) }
            return lines
        }
    }

    /// The lines of one try kept in memory: every line without a directory, the last ones with a directory.
    public func tail(taskID: String, tryNumber: Int) -> [TaskLogLine] {
        state.withLock { state in
            state.tasks[taskID]?.first { $0.tryNumber == tryNumber }?.tail.lines ?? []
        }
    }

    /// The try numbers that have a log for `taskID`.
    public func tryNumbers(taskID: String) -> [Int] {
        state.withLock { state in (state.tasks[taskID] ?? []).map(\.tryNumber).sorted() }
    }

    /// Ends a try's log: its file is written out and closed (later lines are appended one at a time).
    public func finishTry(taskID: String, tryNumber: Int) {
        state.withLock { state in
            var failure: String?
            modifyTry(taskID: taskID, tryNumber: tryNumber, create: false, &state) { log in
                log.ended = true
                do { try log.writer?.close() } catch { failure = String(describing: error) }
                log.writer = nil
            }
            if let failure, state.failure == nil { state.failure = failure }
        }
    }

    /// Ends every try's log; returns the first error met writing files during the run, if any.
    @discardableResult
    public func finishAll() -> String? {
        state.withLock { state in
            for taskID in Array(state.tasks.keys) {
                for index in state.tasks[taskID, default: []].indices {
                    state.tasks[taskID]?[index].ended = true
                    do { try state.tasks[taskID]?[index].writer?.close() } catch {
                        if state.failure == nil { state.failure = String(describing: error) }
                    }
                    state.tasks[taskID]?[index].writer = nil
                }
            }
            return state.failure
        }
    }

    /// Whether the try has a file, written out up to its last line.
    private func flushedFile(taskID: String, tryNumber: Int) -> Bool {
        state.withLock { state in
            var hasFile = false
            modifyTry(taskID: taskID, tryNumber: tryNumber, create: false, &state) { log in
                try? log.writer?.flush()
                hasFile = log.hasFile
            }
            return hasFile
        }
    }

    private func modifyTry(taskID: String, tryNumber: Int, create: Bool = true, _ state: inout State,
                           _ body: (inout TryLog) -> Void) {
        if !create, state.tasks[taskID] == nil { return }
        let tailLines = tailLines
        // One hash of the task id: the dictionary's entry is modified in place.
        modifyEntry(&state.tasks[taskID, default: []]) { tries in
            // Lines come for the latest try almost always.
            if let last = tries.indices.last, tries[last].tryNumber == tryNumber {
                body(&tries[last])
            } else if let index = tries.firstIndex(where: { $0.tryNumber == tryNumber }) {
                body(&tries[index])
            } else if create {
                tries.append(TryLog(tryNumber: tryNumber, tail: TaskLogTail(limit: tailLines)))
                body(&tries[tries.count - 1])
            }
        }
    }

    private func modifyEntry<T>(_ value: inout T, _ body: (inout T) -> Void) { body(&value) }
}
