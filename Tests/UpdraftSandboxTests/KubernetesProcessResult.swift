import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Exit status and output of a finished child process (kubectl, curl).
struct KubernetesProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs an executable to completion with exactly `environment`, in `directory`; throws if it outlives `timeout`
    /// (the child is then torn down). Subprocess runs it: Foundation's `Process` lost child exits when several tests
    /// spawned processes at once.
    static func run(
        _ executable: String, _ arguments: [String], environment: [Environment.Key: String], directory: URL,
        timeout: Duration
    ) async throws -> KubernetesProcessResult {
        try await withThrowingTaskGroup(of: KubernetesProcessResult?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), environment: .custom(environment),
                    workingDirectory: FilePath(directory.path), output: .string(limit: 16 << 20),
                    error: .string(limit: 1 << 20))
                let status: Int32 =
                    switch result.terminationStatus {
                    case .exited(let code): code
                    case .signaled(let signal): 128 + signal
                    }
                return KubernetesProcessResult(
                    status: status, stdout: result.standardOutput, stderr: result.standardError)
            }
            group.addTask {
                try await Task.sleep(for: timeout)  // deadline only: the happy path never waits for it
                return nil
            }
            defer { group.cancelAll() }
            guard let finished = try await group.next(), let result = finished else {
                throw KubernetesTestError(
                    description: "\(executable) \(arguments.first ?? "") timed out after \(timeout)")
            }
            return result
        }
    }
}
