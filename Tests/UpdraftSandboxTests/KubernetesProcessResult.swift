import Foundation
import ProcessTestSupport

/// Exit status and output of a finished child process (kubectl, curl).
struct KubernetesProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs an executable to completion with exactly `environment`, in `directory`; throws if it outlives `timeout`
    /// (the child is then killed).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: URL,
        timeout: Duration
    ) async throws -> KubernetesProcessResult {
        let exit = try await ChildProcess.run(
            executable, arguments, directory: directory.path, environment: environment, timeout: timeout)
        return KubernetesProcessResult(status: exit.status, stdout: exit.stdout, stderr: exit.stderr)
    }
}
