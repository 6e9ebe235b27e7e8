public import Foundation

/// Where task log files live, in Airflow's layout: `<root>/dag_id=<dag>/run_id=<run>/task_id=<task>/attempt=<n>.log`,
/// one file per try, one JSON line per log line (Airflow 3's `timestamp`, `level`, `event` keys).
///
/// The engine writes there when its configuration has a ``Engine/Configuration/logDirectory``; the command line's
/// runs directory is one, and its reports read logs back from it. Lines are masked before they are written.
public struct TaskLogDirectory: Sendable, Hashable {
    /// The root directory.
    public let root: URL
    /// `root`'s path, ending with `/`: paths are built as text, since the engine opens a file per try and
    /// `URL.appending` costs more than the open.
    private let rootPath: String

    /// The directory under `root`.
    public init(root: URL) {
        self.root = root
        self.rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
    }

    /// The directory of the runs of `dagID`: `<root>/dag_id=<dag>`.
    public func dagDirectory(dagID: String) -> URL {
        URL(fileURLWithPath: dagPath(dagID: dagID), isDirectory: true)
    }

    /// The directory of run `runID` of `dagID`: `<root>/dag_id=<dag>/run_id=<run>`.
    public func runDirectory(dagID: String, runID: String) -> URL {
        URL(fileURLWithPath: runPath(dagID: dagID, runID: runID), isDirectory: true)
    }

    /// The log file of try `tryNumber` (1-based) of `taskID`.
    public func fileURL(dagID: String, runID: String, taskID: String, tryNumber: Int) -> URL {
        URL(fileURLWithPath: filePath(dagID: dagID, runID: runID, taskID: taskID, tryNumber: tryNumber))
    }

    /// The try numbers of `taskID` that have a log file, in order.
    public func tryNumbers(dagID: String, runID: String, taskID: String) -> [Int] {
        let folder = taskPath(dagID: dagID, runID: runID, taskID: taskID)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("attempt="), name.hasSuffix(".log") else { return nil }
            return Int(name.dropFirst("attempt=".count).dropLast(".log".count))
        }.sorted()
    }

    /// The lines of try `tryNumber` of `taskID`; none when it has no file.
    /// - Throws: the error reading an existing file.
    public func lines(dagID: String, runID: String, taskID: String, tryNumber: Int) throws -> [TaskLogLine] {
        let path = filePath(dagID: dagID, runID: runID, taskID: taskID, tryNumber: tryNumber)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return Self.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Appends `bytes` to the log file of try `tryNumber` in `taskFolder` (``taskPath(runPath:taskID:)``), creating
    /// the file and its directories if needed.
    /// - Throws: ``TaskLogFileError`` naming the file.
    static func append(_ bytes: [UInt8], taskFolder folder: String, tryNumber: Int) throws {
        let path = folder + "/attempt=\(tryNumber).log"
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == ENOENT {
            // The task's directory is new; its parents exist after a run's first file.
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw TaskLogFileError(path: path, reason: error.localizedDescription)
                }
            }
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { throw TaskLogFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(descriptor, raw.baseAddress! + offset, raw.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw TaskLogFileError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    static func decode(_ data: Data) -> [TaskLogLine] {
        var lines: [TaskLogLine] = []
        var previous = Date(timeIntervalSince1970: 0)
        for text in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            let line = TaskLogLine(jsonLine: text, fallbackDate: previous)
            previous = line.date
            lines.append(line)
        }
        return lines
    }

    private func dagPath(dagID: String) -> String { rootPath + "dag_id=" + Self.component(dagID) }

    /// The directory of a run, as text.
    func runPath(dagID: String, runID: String) -> String {
        dagPath(dagID: dagID) + "/run_id=" + Self.component(runID)
    }

    /// The directory of a task in the run at `runPath`.
    static func taskPath(runPath: String, taskID: String) -> String { runPath + "/task_id=" + component(taskID) }

    func taskPath(dagID: String, runID: String, taskID: String) -> String {
        Self.taskPath(runPath: runPath(dagID: dagID, runID: runID), taskID: taskID)
    }

    func filePath(dagID: String, runID: String, taskID: String, tryNumber: Int) -> String {
        taskPath(dagID: dagID, runID: runID, taskID: taskID) + "/attempt=\(tryNumber).log"
    }

    /// DAG, task and run ids are validated to contain no `/` (so `..` stays a plain name after its `key=`
    /// prefix); this keeps any other caller's text inside its own directory level too.
    private static func component(_ id: String) -> String {
        id.contains("/") || id.contains("\0") ? id.replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "\0", with: "_") : id
    }
}
