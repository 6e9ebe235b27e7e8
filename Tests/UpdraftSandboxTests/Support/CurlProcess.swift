import Foundation

/// Runs the `curl` command line tool, the way an independent client would talk to the stand-ins.
struct CurlResult: Sendable {
    var exitCode: Int32
    var output: String
    var errorOutput: String
}

/// A running command whose standard output is read as it arrives.
// @unchecked Sendable: `Process` is only touched through run/terminate/wait, which Foundation makes thread-safe.
final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    /// Standard output, chunk by chunk as the process writes it.
    let output: AsyncStream<Data>
    private let errorPipe = Pipe()
    private let exited: AsyncStream<Int32>

    init(_ executable: String, _ arguments: [String], input: Data? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let outputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        if let input {
            let inputPipe = Pipe()
            process.standardInput = inputPipe
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let (output, outputContinuation) = AsyncStream.makeStream(of: Data.self)
        self.output = output
        outputPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                outputContinuation.finish()
            } else {
                outputContinuation.yield(data)
            }
        }
        let (exited, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
        self.exited = exited
        process.terminationHandler = { process in
            exitContinuation.yield(process.terminationStatus)
            exitContinuation.finish()
        }
        try process.run()
    }

    /// Sends SIGTERM to this process (the one we started, by its id): asks it to shut down cleanly.
    func terminate() { kill(process.processIdentifier, SIGTERM) }

    /// Sends SIGKILL to this process (the one we started, by its id). Needed for curl: a child spawned from a
    /// Dispatch worker thread inherits that thread's blocked signal mask, so SIGTERM may never reach it.
    func forceKill() { kill(process.processIdentifier, SIGKILL) }

    /// Waits for the process to exit and returns its status and standard error.
    func waitForExit() async -> (status: Int32, errorOutput: String) {
        var status: Int32 = -1
        for await value in exited { status = value }
        let errorText = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, errorText)
    }
}

/// Runs `curl` with `arguments` (always silent, with a 20 s cap) and collects its output.
func curl(_ arguments: [String], input: Data? = nil) async throws -> CurlResult {
    let process = try RunningProcess("curl", ["--silent", "--show-error", "--max-time", "20"] + arguments, input: input)
    var output = Data()
    for await chunk in process.output { output.append(chunk) }
    let exit = await process.waitForExit()
    return CurlResult(
        exitCode: exit.status, output: String(decoding: output, as: UTF8.self), errorOutput: exit.errorOutput)
}
