import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// How a command ended and what it printed.
struct CurlResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it (as a shell reports it).
    var exitCode: Int32
    var output: String
    var errorOutput: String
}

/// A command started with ``withProcess(_:_:body:)``, seen from inside its body.
///
/// Subprocess (not Foundation's `Process`) runs it: Foundation's child-exit and pipe notifications were lost when
/// several tests spawned processes at once, leaving a test waiting forever.
struct RunningProcess {
    fileprivate let signalProcess: @Sendable (Signal) throws -> Void
    fileprivate var chunks: SubprocessOutputSequence.Iterator

    /// The next piece of standard output as the process wrote it, `nil` at its end.
    mutating func nextOutput() async throws -> String? {
        try await chunks.next().map { buffer in buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    }

    /// Reads standard output until it contains `marker` (or ends) and returns everything read.
    mutating func readOutput(until marker: String) async throws -> String {
        var text = ""
        while !text.contains(marker), let chunk = try await nextOutput() { text += chunk }
        return text
    }

    /// Reads the rest of standard output.
    mutating func readRemainingOutput() async throws -> String {
        var text = ""
        while let chunk = try await nextOutput() { text += chunk }
        return text
    }

    /// Sends `signal` to this process (the one we started, by its id).
    func send(_ signal: Signal) throws { try signalProcess(signal) }

    /// Sends SIGKILL to this process (the one we started, by its id).
    func forceKill() throws { try signalProcess(.kill) }
}

/// Runs `executable` (a path, or a name looked up in `PATH`) while `body` interacts with it; returns the body's result
/// once the process has exited, with its exit status and standard error. If `body` throws, the process is killed; it
/// is also killed after `killAfter` (a bound, not a wait: a hung process then ends its output and the test fails).
func withProcess<T: Sendable>(
    _ executable: String, _ arguments: [String], killAfter limit: Duration = .seconds(60),
    body: (inout RunningProcess) async throws -> T
) async throws -> (value: T, outcome: CurlResult) {
    let result = try await run(
        executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
        arguments: Arguments(arguments), input: .none, output: .sequence, error: .string(limit: 1 << 20)
    ) { execution in
        let watchdog = Task {
            try await Task.sleep(for: limit)
            try execution.send(signal: .kill)
        }
        defer { watchdog.cancel() }
        var process = RunningProcess(
            signalProcess: { try execution.send(signal: $0) }, chunks: execution.standardOutput.makeAsyncIterator())
        return try await body(&process)
    }
    return (result.closureResult, CurlResult(
        exitCode: exitCode(result.terminationStatus), output: "", errorOutput: result.standardError))
}

/// Runs `executable` to completion with `input` on its standard input and collects its output.
func runToCompletion(_ executable: String, _ arguments: [String], input: [UInt8] = []) async throws -> CurlResult {
    let result = try await run(
        .name(executable), arguments: Arguments(arguments), input: .array(input),
        output: .string(limit: 16 << 20), error: .string(limit: 1 << 20))
    return CurlResult(
        exitCode: exitCode(result.terminationStatus), output: result.standardOutput,
        errorOutput: result.standardError)
}

/// Runs `curl` with `arguments` (always silent, with a 20 s cap) and collects its output.
func curl(_ arguments: [String], input: Data? = nil) async throws -> CurlResult {
    try await runToCompletion(
        "curl", ["--silent", "--show-error", "--max-time", "20"] + arguments, input: input.map { Array($0) } ?? [])
}

private func exitCode(_ status: TerminationStatus) -> Int32 {
    switch status {
    case .exited(let code): code
    case .signaled(let signal): 128 + signal
    }
}
