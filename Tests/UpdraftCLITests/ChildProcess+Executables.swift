import Foundation
import ProcessTestSupport

extension ChildProcess {
    /// Starts a built executable in `directory`, with a dumb terminal so that output is plain lines, and its
    /// Updraft home (run store, runs directory) in `directory/.updraft`.
    convenience init(_ executable: URL, _ arguments: [String], in directory: URL) throws {
        try self.init(executable.path, arguments, directory: directory.path,
                      extraEnvironment: Self.testEnvironment(in: directory))
    }

    /// A dumb terminal and an Updraft home in `directory/.updraft`: a test never touches the user's `~/.updraft`.
    static func testEnvironment(in directory: URL) -> [String: String] {
        ["TERM": "dumb", "UPDRAFT_HOME": directory.appending(path: ".updraft").path]
    }

    /// Runs a built executable in `directory` to completion.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    timeout: Duration = .seconds(60)) async throws -> Exit {
        try await ChildProcess(executable, arguments, in: directory).exit(timeout: timeout)
    }
}
