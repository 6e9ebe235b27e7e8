import Foundation

/// The lines the fixture's task bodies appended (`<run_id> <task_id> <pid>`), grouped by task instance.
struct BodyLines {
    /// The pids of the processes that ran each task instance's body, once per time it ran, by run id and task id.
    var pids: [Key: [Int32]] = [:]
    /// Lines that are not three fields (a torn write would show here).
    var malformed: [String] = []

    struct Key: Hashable, CustomStringConvertible {
        var runID: String
        var taskID: String
        var description: String { "\(runID)/\(taskID)" }
    }

    /// Reads `file` (none yet: no lines).
    init(file: URL) throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let pid = Int32(fields[2]) else {
                malformed.append(String(line))
                continue
            }
            pids[Key(runID: String(fields[0]), taskID: String(fields[1])), default: []].append(pid)
        }
    }

    /// How many lines there are in all.
    var count: Int { pids.values.reduce(0) { $0 + $1.count } }

    /// How often the body of `taskID` in `runID` ran.
    func runs(of taskID: String, in runID: String) -> Int { pids[Key(runID: runID, taskID: taskID)]?.count ?? 0 }
}
