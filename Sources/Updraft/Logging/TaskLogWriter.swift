import Dispatch
import Foundation
import Synchronization

/// Appends chunks of task logs to their files on a queue of its own, so that the file system's work (a directory
/// and a file per try in Airflow's layout, each a few dozen microseconds of kernel time) is done beside the tasks
/// and the engine, not on their threads. Chunks of one file are written in the order they were handed over.
final class TaskLogWriter: Sendable {
    /// Bytes handed over and not written yet above which a writer of logs waits for the queue to catch up, so a
    /// slow disk slows the tasks that log instead of filling memory.
    static let maxPendingBytes = 4 << 20

    private struct State {
        var pendingBytes = 0
        var failure: String?
    }

    /// The run's directory, as text.
    private let runPath: String
    private let queue = DispatchQueue(label: "updraft.task-logs")
    private let state = Mutex(State())

    /// A writer of the logs of run `runID` of `dagID` into `directory`.
    init(directory: TaskLogDirectory, dagID: String, runID: String) {
        self.runPath = directory.runPath(dagID: dagID, runID: runID)
    }

    /// Appends `bytes` to the log file of a try, creating it and its directories if needed.
    func append(_ bytes: [UInt8], taskID: String, tryNumber: Int) {
        let count = bytes.count
        let mustWait = state.withLock { state in
            state.pendingBytes += count
            return state.pendingBytes > Self.maxPendingBytes
        }
        let folder = TaskLogDirectory.taskPath(runPath: runPath, taskID: taskID)
        queue.async { [self] in
            var failure: String?
            do {
                try TaskLogDirectory.append(bytes, taskFolder: folder, tryNumber: tryNumber)
            } catch {
                failure = String(describing: error)
            }
            state.withLock { state in
                state.pendingBytes -= count
                if state.failure == nil { state.failure = failure }
            }
        }
        if mustWait { queue.sync {} }
    }

    /// Waits until every chunk handed over is written; returns the first error met writing, if any.
    func drain() -> String? {
        queue.sync {}
        return state.withLock { $0.failure }
    }
}
