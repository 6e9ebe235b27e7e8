import Foundation
import ProcessTestSupport
import Testing

/// How a command ended and what it printed.
struct CurlResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it (as a shell reports it).
    var exitCode: Int32
    var output: String
    var errorOutput: String
}

/// A signal a test sends to a process it started.
struct Signal: Sendable, CustomTestStringConvertible {
    var rawValue: Int32
    static let terminate = Signal(rawValue: SIGTERM)
    static let interrupt = Signal(rawValue: SIGINT)
    static let kill = Signal(rawValue: SIGKILL)
    var testDescription: String { rawValue == SIGTERM ? "SIGTERM" : rawValue == SIGINT ? "SIGINT" : "\(rawValue)" }
}

/// A command started with ``withProcess(_:_:killAfter:body:)``, seen from inside its body.
struct RunningProcess {
    fileprivate let child: ChildProcess
    fileprivate var consumed = 0

    /// The standard output written since the last call, `nil` at its end.
    mutating func nextOutput() async throws -> String? {
        let already = consumed
        _ = await child.wait { $0.stdout.utf8.count > already || $0.finished }
        let output = Array(child.stdout.utf8)
        guard output.count > consumed else { return nil }
        defer { consumed = output.count }
        return String(decoding: output[consumed...], as: UTF8.self)
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

    /// Sends `signal` to this process.
    func send(_ signal: Signal) throws { child.signal(signal.rawValue) }

    /// Sends SIGKILL to this process.
    func forceKill() throws { child.signal(SIGKILL) }
}

/// Runs `executable` (a path, or a name looked up in `PATH`) while `body` interacts with it; returns the body's result
/// once the process has exited, with its exit status and standard error. If `body` throws, the process is killed; it
/// is also killed after `killAfter` (a bound, not a wait: a hung process then ends and the test fails).
func withProcess<T: Sendable>(
    _ executable: String, _ arguments: [String], killAfter limit: Duration = .seconds(60),
    body: (inout RunningProcess) async throws -> T
) async throws -> (value: T, outcome: CurlResult) {
    let child = try ChildProcess(executable, arguments)
    var process = RunningProcess(child: child)
    let value: T
    do {
        value = try await body(&process)
    } catch {
        child.signal(SIGKILL)
        throw error
    }
    let exit = try await child.exit(timeout: limit)
    return (value, CurlResult(exitCode: exit.status, output: "", errorOutput: exit.stderr))
}

/// Runs `executable` to completion with `input` on its standard input and collects its output.
func runToCompletion(_ executable: String, _ arguments: [String], input: [UInt8] = []) async throws -> CurlResult {
    let exit = try await ChildProcess.run(executable, arguments, input: input)
    return CurlResult(exitCode: exit.status, output: exit.stdout, errorOutput: exit.stderr)
}

/// Runs `curl` with `arguments` (always silent, with a 20 s cap) and collects its output.
func curl(_ arguments: [String], input: Data? = nil) async throws -> CurlResult {
    try await runToCompletion(
        "curl", ["--silent", "--show-error", "--max-time", "20"] + arguments, input: input.map { Array($0) } ?? [])
}
