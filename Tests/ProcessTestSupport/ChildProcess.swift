import Foundation
import Synchronization

/// A process started by a test, observed through events only: output arrives through pipe readability handlers
/// and the end through the termination handler (which drains the pipes), so no thread of Swift's small
/// cooperative pool ever blocks on it. The end is the process's exit, not the end of its pipes: a pipe's write end
/// can leak into a process started at the same moment by another test and stay open long after.
///
/// Every test target that starts processes uses this one type. Mixing mechanisms in one test process (Foundation's
/// `Process` waited on with the blocking `waitUntilExit`, swift-subprocess) starved the cooperative pool on a
/// 2-core machine or crashed on descriptors left open when a wait was interrupted.
public final class ChildProcess: Sendable {
    /// How the process ended and everything it wrote.
    public struct Exit: Sendable {
        /// The exit code, or 128 + the signal number when a signal ended it (as a shell reports it).
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// What the process has done so far.
    public struct Progress: Sendable {
        /// Standard output so far.
        public var stdout: String
        /// Standard error so far.
        public var stderr: String
        /// Whether the process ended (its output is then complete).
        public var finished: Bool
    }

    private struct State {
        var stdout = Data()
        var stderr = Data()
        var status: Int32?
        var waiters: [UUID: Waiter] = [:]
        var finished: Bool { status != nil }
        var progress: Progress {
            Progress(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                     finished: finished)
        }
    }

    private struct Waiter {
        var condition: @Sendable (Progress) -> Bool
        var continuation: CheckedContinuation<Bool, Never>
    }

    /// The state behind a reference, so the pipe and termination handlers can share it.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let process = Process()
    /// The process id.
    public let pid: Int32
    /// Standard input when it was kept open.
    private let openInput: FileHandle?

    /// Starts `executable` (a path, or a name looked up in `PATH`).
    /// - Parameters:
    ///   - environment: the whole environment; nil inherits this process's.
    ///   - extraEnvironment: variables set on top of it.
    ///   - input: bytes written to standard input, which is then closed (`/dev/null` when nil).
    ///   - keepsInputOpen: standard input is a pipe that stays open for ``send(_:)`` (`input` is then ignored).
    public init(_ executable: String, _ arguments: [String], directory: String? = nil,
                environment: [String: String]? = nil, extraEnvironment: [String: String] = [:],
                input: [UInt8]? = nil, keepsInputOpen: Bool = false) throws {
        let out = Pipe(), err = Pipe()
        process.executableURL = URL(fileURLWithPath: try Self.resolve(executable))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = (environment ?? ProcessInfo.processInfo.environment)
            .merging(extraEnvironment) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input != nil || keepsInputOpen ? Pipe() : nil
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        openInput = keepsInputOpen ? inputPipe?.fileHandleForWriting : nil
        for (pipe, isOutput) in [(out, true), (err, false)] {
            pipe.fileHandleForReading.readabilityHandler = { [shared] handle in
                let data = handle.availableData
                Self.update(shared) { state in
                    if data.isEmpty {
                        handle.readabilityHandler = nil
                    } else if isOutput {
                        state.stdout.append(data)
                    } else {
                        state.stderr.append(data)
                    }
                }
            }
        }
        process.terminationHandler = { [shared] finished in
            // Drain what the pipes still hold, then report the end.
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            let restOut = out.fileHandleForReading.readDataToEndOfFile()
            let restErr = err.fileHandleForReading.readDataToEndOfFile()
            let signalled = finished.terminationReason == .uncaughtSignal
            Self.update(shared) {
                $0.stdout.append(restOut)
                $0.stderr.append(restErr)
                $0.status = signalled ? 128 + finished.terminationStatus : finished.terminationStatus
            }
        }
        try process.run()
        pid = process.processIdentifier
        if !keepsInputOpen, let inputPipe, let input {
            let writer = inputPipe.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
    }

    /// Runs `executable` to completion.
    /// - Throws: ``ChildProcessError`` when it still runs after `timeout` (it is then killed).
    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           environment: [String: String]? = nil, extraEnvironment: [String: String] = [:],
                           input: [UInt8]? = nil, timeout: Duration = .seconds(60)) async throws -> Exit {
        let child = try ChildProcess(executable, arguments, directory: directory, environment: environment,
                                     extraEnvironment: extraEnvironment, input: input)
        return try await child.exit(timeout: timeout)
    }

    /// Standard output so far.
    public var stdout: String { shared.state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    /// Standard error so far.
    public var stderr: String { shared.state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Waits until `condition` holds for the process's progress; false when the deadline passed first.
    public func wait(timeout: Duration = .seconds(60), until condition: @escaping @Sendable (Progress) -> Bool) async
        -> Bool {
        let id = UUID()
        return await withCheckedContinuation { continuation in
            let met: Bool = shared.state.withLock { state in
                if condition(state.progress) { return true }
                state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                return false
            }
            if met {
                continuation.resume(returning: true)
                return
            }
            let (seconds, attoseconds) = timeout.components
            // A deadline for the wait, never a wait itself: it only matters when the condition never comes.
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18) {
                [shared] in
                shared.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
            }
        }
    }

    /// Waits until standard output contains `text`; false when the process ended or the deadline passed first.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        _ = await wait(timeout: timeout) { $0.stdout.contains(text) || $0.finished }
        return stdout.contains(text)
    }

    /// Writes `text` to standard input, kept open by `keepsInputOpen`.
    public func send(_ text: String) throws {
        guard let openInput else {
            throw ChildProcessError(description: "process \(pid)'s standard input was not kept open")
        }
        try openInput.write(contentsOf: Data(text.utf8))
    }

    /// Sends `signal` (`SIGTERM`, `SIGINT`, `SIGKILL`…) to the process.
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the process to end and its output to be read.
    /// - Throws: ``ChildProcessError`` when it still runs after `timeout` (it is then killed).
    public func exit(timeout: Duration = .seconds(60)) async throws -> Exit {
        guard await wait(timeout: timeout, until: \.finished) else {
            kill(pid, SIGKILL)
            let (stdout, stderr) = shared.state.withLock {
                (String(decoding: $0.stdout, as: UTF8.self), String(decoding: $0.stderr, as: UTF8.self))
            }
            throw ChildProcessError(description: """
                process \(pid) (\(process.executableURL?.lastPathComponent ?? "?")) did not end within \(timeout); \
                stdout: \(stdout.suffix(2_000))
                stderr: \(stderr.suffix(2_000))
                """)
        }
        return shared.state.withLock {
            Exit(status: $0.status ?? -1, stdout: String(decoding: $0.stdout, as: UTF8.self),
                 stderr: String(decoding: $0.stderr, as: UTF8.self))
        }
    }

    private static func update(_ shared: Shared, _ change: (inout State) -> Void) {
        let ready: [CheckedContinuation<Bool, Never>] = shared.state.withLock { state in
            change(&state)
            let progress = state.progress
            let met = state.waiters.filter { $0.value.condition(progress) }
            for id in met.keys { state.waiters[id] = nil }
            return met.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    private static func resolve(_ executable: String) throws -> String {
        if executable.contains("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ChildProcessError(description: "\(executable) is not in PATH (\(path))")
    }
}

/// A child process that could not be found, or did not end in time.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// What happened, with the end of the process's output.
    public var description: String
}
