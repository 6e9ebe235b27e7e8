import Foundation
import Synchronization

/// A process started by a test: output collected as it arrives, waits on output and on exit driven by events
/// (pipe readability, termination handler) with bounded deadlines.
final class ChildProcess: Sendable {
    struct Exit: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private struct State {
        var stdout = Data()
        var stderr = Data()
        var status: Int32?
        var outputWaiters: [UUID: (text: String, continuation: CheckedContinuation<Bool, Never>)] = [:]
        var exitWaiters: [UUID: CheckedContinuation<Bool, Never>] = [:]
    }

    /// The state behind a reference, so the pipe and termination handlers can share it.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let process = Process()
    let pid: Int32

    /// Starts `executable` with `arguments` in `directory`.
    init(_ executable: URL, _ arguments: [String], in directory: URL) throws {
        let out = Pipe(), err = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = out
        process.standardError = err
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "dumb"
        process.environment = environment
        out.fileHandleForReading.readabilityHandler = { [shared] handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            let ready = shared.state.withLock { state -> [CheckedContinuation<Bool, Never>] in
                state.stdout.append(data)
                let text = String(decoding: state.stdout, as: UTF8.self)
                let met = state.outputWaiters.filter { text.contains($0.value.text) }
                for id in met.keys { state.outputWaiters[id] = nil }
                return met.values.map(\.continuation)
            }
            for continuation in ready { continuation.resume(returning: true) }
        }
        err.fileHandleForReading.readabilityHandler = { [shared] handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            shared.state.withLock { $0.stderr.append(data) }
        }
        process.terminationHandler = { [shared] finished in
            // Drain what the pipes still hold before waking the waiters.
            let restOut = out.fileHandleForReading.readDataToEndOfFile()
            let restErr = err.fileHandleForReading.readDataToEndOfFile()
            let (exits, outputs) = shared.state.withLock { state in
                state.stdout.append(restOut)
                state.stderr.append(restErr)
                state.status = finished.terminationStatus
                defer { state.exitWaiters = [:]; state.outputWaiters = [:] }
                return (Array(state.exitWaiters.values), state.outputWaiters.values.map(\.continuation))
            }
            for continuation in exits { continuation.resume(returning: true) }
            for continuation in outputs { continuation.resume(returning: false) }
        }
        try process.run()
        pid = process.processIdentifier
    }

    /// Runs `executable` to completion.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    timeout: Duration = .seconds(60)) async throws -> Exit {
        let child = try ChildProcess(executable, arguments, in: directory)
        return try await child.exit(timeout: timeout)
    }

    var stdout: String { shared.state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }

    /// Waits until standard output contains `text`; false when the process ended or the deadline passed first.
    func waitForOutput(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let id = UUID()
        return await withCheckedContinuation { continuation in
            let immediate: Bool? = shared.state.withLock { state in
                if String(decoding: state.stdout, as: UTF8.self).contains(text) { return true }
                if state.status != nil { return false }
                state.outputWaiters[id] = (text, continuation)
                return nil
            }
            if let immediate {
                continuation.resume(returning: immediate)
                return
            }
            afterDeadline(timeout) { [shared] in
                shared.state.withLock { $0.outputWaiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
            }
        }
    }

    /// Sends `signal` to the process.
    func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the process to end.
    /// - Throws: `TimeoutError` when it is still running at the deadline (it is then killed).
    func exit(timeout: Duration = .seconds(60)) async throws -> Exit {
        let id = UUID()
        let ended = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let done = shared.state.withLock { state -> Bool in
                if state.status != nil { return true }
                state.exitWaiters[id] = continuation
                return false
            }
            if done {
                continuation.resume(returning: true)
                return
            }
            afterDeadline(timeout) { [shared] in
                shared.state.withLock { $0.exitWaiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
        guard ended else {
            kill(pid, SIGKILL)
            let (stdout, stderr, status) = shared.state.withLock {
                (String(decoding: $0.stdout, as: UTF8.self), String(decoding: $0.stderr, as: UTF8.self), $0.status)
            }
            throw TimeoutError(what: """
                process \(pid) did not exit within \(timeout) (status \(status.map(String.init) ?? "none")); \
                stdout: \(stdout)
                stderr: \(stderr)
                """)
        }
        return shared.state.withLock {
            Exit(status: $0.status ?? -1, stdout: String(decoding: $0.stdout, as: UTF8.self),
                 stderr: String(decoding: $0.stderr, as: UTF8.self))
        }
    }

    /// Calls `action` once `timeout` has passed (a deadline for a wait, never a wait itself).
    private func afterDeadline(_ timeout: Duration, _ action: @escaping @Sendable () -> Void) {
        let (seconds, attoseconds) = timeout.components
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18,
                                          execute: action)
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var what: String
    var description: String { what }
}

