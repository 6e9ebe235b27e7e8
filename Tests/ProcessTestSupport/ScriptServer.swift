import Foundation

/// A test server written in Python (`python3 script arguments…`) on 127.0.0.1, port 0, that prints `PORT <n>` once
/// listening and exits when its standard input closes — so it cannot outlive the test process, and stopping it
/// needs no signal (a child started from a Dispatch worker thread inherits that thread's blocked signals, so
/// SIGTERM may never reach it). Startup waits for the `PORT` line, never for a fixed time.
/// `@unchecked Sendable`: `process` and `input` are only used by `start` and `stop`.
public final class ScriptServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// Every line it printed.
    public let output: LineInbox
    private let process: Process
    private let input: Pipe

    /// Why the server did not start.
    public struct StartupFailure: Error, CustomStringConvertible {
        /// What happened.
        public let description: String
    }

    /// Starts `python3 script arguments…` and waits (at most 30 s) for its `PORT` line.
    public static func start(script: String, arguments: [String] = []) async throws -> ScriptServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
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
        return ScriptServer(port: port, output: lines, process: process, input: input)
    }

    private init(port: Int, output: LineInbox, process: Process, input: Pipe) {
        self.port = port
        self.output = output
        self.process = process
        self.input = input
    }

    /// Closes its standard input and waits until it has exited (and so closed its sockets).
    public func stop() async {
        try? input.fileHandleForWriting.close()
        _ = await output.firstLine { _ in false }  // returns when its output ends, that is when it exits
        process.waitUntilExit()  // already exited: only collects the status
    }

    /// ``stop()`` for a `defer`: blocks the calling thread for the moment the script takes to exit.
    public func stopNow() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
