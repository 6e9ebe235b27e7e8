import Dispatch
import Foundation
import Synchronization

/// The logs of one run, per task and per try, readable during and after the run.
///
/// Without a directory (test runs) every line stays in memory. With a ``TaskLogDirectory`` the full log of each try
/// goes to its file, written in chunks of up to 64 KB (or what came within 200 ms) by a background writer, and only
/// the last lines of each try stay in memory (``tail(taskID:tryNumber:)``), so a task that logs a million lines
/// costs disk, not memory. Looking up one task costs what that task logged.
public final class TaskLogStore: Sendable {
    /// Bytes of a try's log gathered before they are handed to the writer.
    static let chunkBytes = 64 * 1024
    /// How long a running try's first line not yet written waits for more before it goes to the file anyway.
    static let flushDelay = DispatchTimeInterval.milliseconds(200)

    /// One try's log: its last lines in memory and, with a directory, the bytes not yet handed to the writer.
    private struct TryLog {
        var tryNumber: Int
        var tail: TaskLogTail
        var pending: [UInt8] = []
        /// The try ended: a later line (a retry note) is handed over at once.
        var ended = false
    }

    /// Where files go; nil keeps every line in memory.
    public let directory: TaskLogDirectory?
    private let writer: TaskLogWriter?
    private let dagID: String
    private let runID: String
    private let tailLines: Int?
    private let tries = Mutex<[String: [TryLog]]>([:])

    /// A store keeping every line in memory.
    public convenience init() { self.init(directory: nil, dagID: "", runID: "") }

    /// A store for run `runID` of `dagID`: with `directory`, each try's full log goes to its file there and its last
    /// `tailLines` lines stay in memory; without, every line stays in memory.
    public init(directory: TaskLogDirectory?, dagID: String, runID: String, tailLines: Int = 100) {
        self.directory = directory
        self.writer = directory.map { TaskLogWriter(directory: $0, dagID: dagID, runID: runID) }
        self.dagID = dagID
        self.runID = runID
        self.tailLines = directory == nil ? nil : max(0, tailLines)
    }

    /// Appends a line (already masked) to the log of `taskID`'s try `tryNumber`.
    public func append(_ line: TaskLogLine, taskID: String, tryNumber: Int) {
        let startsChunk = tries.withLock { tries in
            modifyTry(taskID: taskID, tryNumber: tryNumber, &tries) { log -> Bool in
                log.tail.append(line)
                guard writer != nil else { return false }
                let startsChunk = log.pending.isEmpty
                line.appendJSON(to: &log.pending)
                if log.ended || log.pending.count >= Self.chunkBytes {
                    hand(&log, taskID: taskID)
                    return false
                }
                return startsChunk
            } ?? false
        }
        // A running try's lines reach its file within `flushDelay` even when they fill no chunk, so the log can be
        // followed while the try runs (the web UI's live tail) at the cost of one write per delay, not per line.
        // Off the writer's queue: handing over may wait for that queue.
        if startsChunk {
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.flushDelay) { [weak self] in
                self?.handOver(taskID: taskID, tryNumber: tryNumber)
            }
        }
    }

    /// The log of one try (1-based), or of every try in order when `tryNumber` is nil: from its files when logs
    /// are written to a directory (the last lines kept in memory if a file cannot be read), from memory otherwise.
    public func lines(taskID: String, tryNumber: Int? = nil) -> [TaskLogLine] {
        let numbers = tryNumber.map { [$0] } ?? tryNumbers(taskID: taskID)
        return numbers.flatMap { number -> [TaskLogLine] in
            guard let directory, let writer else { return tail(taskID: taskID, tryNumber: number) }
            handOver(taskID: taskID, tryNumber: number)
            _ = writer.drain()
            let lines = (try? directory.lines(dagID: dagID, runID: runID, taskID: taskID, tryNumber: number)) ?? []
            return lines.isEmpty ? tail(taskID: taskID, tryNumber: number) : lines
        }
    }

    /// The lines of one try kept in memory: every line without a directory, the last ones with a directory.
    public func tail(taskID: String, tryNumber: Int) -> [TaskLogLine] {
        tries.withLock { tries in tries[taskID]?.first { $0.tryNumber == tryNumber }?.tail.lines ?? [] }
    }

    /// The try numbers that have a log for `taskID`: tries of this run, and with a directory the tries whose files
    /// are there (those of a resumed run's earlier attempts too).
    public func tryNumbers(taskID: String) -> [Int] {
        let logged = tries.withLock { tries in (tries[taskID] ?? []).map(\.tryNumber) }
        guard let directory else { return logged.sorted() }
        return Set(logged + directory.tryNumbers(dagID: dagID, runID: runID, taskID: taskID)).sorted()
    }

    /// Ends a try's log: what it holds goes to the writer (later lines follow one at a time).
    public func finishTry(taskID: String, tryNumber: Int) {
        guard writer != nil else { return }  // in memory, a try has nothing to write out
        tries.withLock { tries in
            _ = modifyTry(taskID: taskID, tryNumber: tryNumber, create: false, &tries) { log in
                log.ended = true
                hand(&log, taskID: taskID)
            }
        }
    }

    /// Ends every try's log and waits until the files are written; returns the first error met writing them during
    /// the run, if any.
    @discardableResult
    public func finishAll() -> String? {
        guard let writer else { return nil }
        tries.withLock { tries in
            for taskID in Array(tries.keys) {
                for index in tries[taskID, default: []].indices {
                    tries[taskID]?[index].ended = true
                    if var log = tries[taskID]?[index], !log.pending.isEmpty {
                        hand(&log, taskID: taskID)
                        tries[taskID]?[index] = log
                    }
                }
            }
        }
        return writer.drain()
    }

    /// Hands what a try holds to the writer.
    private func handOver(taskID: String, tryNumber: Int) {
        tries.withLock { tries in
            _ = modifyTry(taskID: taskID, tryNumber: tryNumber, create: false, &tries) { hand(&$0, taskID: taskID) }
        }
    }

    /// Hands the bytes a try holds to the writer, under the lock so that a try's chunks reach it in order, in an
    /// array of their size: chunks may wait in the writer's queue a while, and the spare capacity of thousands of
    /// them would add up.
    private func hand(_ log: inout TryLog, taskID: String) {
        guard let writer, !log.pending.isEmpty else { return }
        writer.append(log.pending.withUnsafeBufferPointer { [UInt8]($0) }, taskID: taskID, tryNumber: log.tryNumber)
        log.pending = []
    }

    private func modifyTry<T>(taskID: String, tryNumber: Int, create: Bool = true, _ tries: inout [String: [TryLog]],
                              _ body: (inout TryLog) -> T) -> T? {
        if !create, tries[taskID] == nil { return nil }
        let tailLines = tailLines
        // One hash of the task id: the dictionary's entry is modified in place.
        return Self.modify(&tries[taskID, default: []]) { list -> T? in
            // Lines come for the latest try almost always.
            if let last = list.indices.last, list[last].tryNumber == tryNumber { return body(&list[last]) }
            if let index = list.firstIndex(where: { $0.tryNumber == tryNumber }) { return body(&list[index]) }
            guard create else { return nil }
            list.append(TryLog(tryNumber: tryNumber, tail: TaskLogTail(limit: tailLines)))
            return body(&list[list.count - 1])
        }
    }

    private static func modify<Value, T>(_ value: inout Value, _ body: (inout Value) -> T) -> T { body(&value) }
}
