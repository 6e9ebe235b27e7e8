import Foundation
import Synchronization

/// A Python server from `Servers/`, started as a subprocess on 127.0.0.1 with port 0.
///
/// The script prints `PORT <n>` once listening; startup waits for that line, not for a fixed time. The script
/// exits when its stdin closes, so a server cannot outlive the test process; `stop()` ends it earlier the same
/// way. Closing stdin rather than signalling matters: a child spawned from a Dispatch worker thread inherits
/// that thread's blocked signals, so SIGTERM never reaches it.
/// `@unchecked Sendable`: `Process` is only started in `start` and only terminated through `stop()`.
final class TestServer: @unchecked Sendable {
    let port: Int
    let output: LineInbox
    private let process: Process
    private let input: Pipe

    struct StartupFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func start(script: String, arguments: [String] = []) async throws -> TestServer {
        let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Servers/\(script)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = LineInbox(reading: output.fileHandleForReading)
        guard let first = await lines.firstLine(where: { $0.hasPrefix("PORT ") }), let port = Int(first.dropFirst(5))
        else {
            try? input.fileHandleForWriting.close()
            throw StartupFailure(description: "\(script) did not report its port")
        }
        return TestServer(port: port, output: lines, process: process, input: input)
    }

    private init(port: Int, output: LineInbox, process: Process, input: Pipe) {
        self.port = port
        self.output = output
        self.process = process
        self.input = input
    }

    /// Ends the server and waits until it has exited (and so closed its sockets).
    func stop() async {
        try? input.fileHandleForWriting.close()
        _ = await output.firstLine { _ in false }
        process.waitUntilExit()
    }
}

/// Lines a subprocess writes, read by a dedicated thread (blocking reads must not occupy the Swift
/// concurrency pool). Every line is kept, so tests sharing a server each find their own line.
final class LineInbox: Sendable {
    private struct Waiter {
        let predicate: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct State {
        var lines: [String] = []
        var waiters: [Waiter] = []
        var isClosed = false
    }

    private let state = Mutex(State())

    init(reading handle: FileHandle) {
        let thread = Thread { [self] in
            var pending = Data()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    deliver(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            close()
        }
        thread.start()
    }

    /// The first line, seen or still to come, that satisfies `predicate`; `nil` if the process ends first.
    func firstLine(where predicate: @escaping @Sendable (String) -> Bool) async -> String? {
        await withCheckedContinuation { continuation in
            let ready: String?? = state.withLock { state in
                if let line = state.lines.first(where: predicate) { return .some(line) }
                if state.isClosed { return .some(nil) }
                state.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func deliver(_ line: String) {
        let matched = state.withLock { state in
            state.lines.append(line)
            let matched = state.waiters.filter { $0.predicate(line) }
            state.waiters.removeAll { $0.predicate(line) }
            return matched
        }
        for waiter in matched { waiter.continuation.resume(returning: line) }
    }

    private func close() {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }
}
