import Foundation

/// The file every task body of the replica fixture appends one line to: `<run_id> <task_id> <pid>`.
enum BodyLog {
    /// Microseconds since 1970: comparable across the processes of one machine.
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    /// Appends the line with a single `write` on an `O_APPEND` descriptor, so lines of concurrent bodies in several
    /// processes never interleave. Does nothing when `REPLICA_BODIES` is unset.
    static func append(runID: String, taskID: String) throws {
        guard let path = ProcessInfo.processInfo.environment["REPLICA_BODIES"] else { return }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw FixtureError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array("\(runID) \(taskID) \(getpid())\n".utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw FixtureError(description: "cannot append to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
