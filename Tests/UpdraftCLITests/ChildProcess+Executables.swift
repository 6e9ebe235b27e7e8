import Foundation
import ProcessTestSupport

extension ChildProcess {
    /// Starts a built executable in `directory`, with a dumb terminal so that output is plain lines.
    convenience init(_ executable: URL, _ arguments: [String], in directory: URL) throws {
        try self.init(executable.path, arguments, directory: directory.path, extraEnvironment: ["TERM": "dumb"])
    }

    /// Runs a built executable in `directory` to completion.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    timeout: Duration = .seconds(60)) async throws -> Exit {
        try await ChildProcess(executable, arguments, in: directory).exit(timeout: timeout)
    }
}
