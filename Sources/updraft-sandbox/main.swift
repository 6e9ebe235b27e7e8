import Foundation
import Logging
import UpdraftSandbox

/// Waits for SIGINT or SIGTERM (the default handlers are replaced so the sandbox can shut down cleanly).
func waitForTerminationSignal() async -> Int32 {
    let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
    let sources = [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { continuation.yield(number) }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    for await number in signals { return number }
    return 0
}

/// Writes one line to standard output unbuffered, so whoever started the sandbox sees it at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let options: SandboxOptions
do {
    guard let parsed = try SandboxOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
        say(SandboxOptions.usage)
        exit(0)
    }
    options = parsed
} catch {
    FileHandle.standardError.write(Data("updraft-sandbox: \(error)\n\n\(SandboxOptions.usage)\n".utf8))
    exit(64)
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = options.verbose ? .trace : .warning
    return handler
}
let logger = Logger(label: "updraft.sandbox")

// Every stand-in the sandbox runs; a new one is one more entry here.
let services: [any SandboxService] = [
    TalendSandboxService(port: options.talendPort, token: options.talendToken, logger: logger),
    SMTPSandboxService(port: options.smtpPort, configuration: options.smtpConfiguration, logger: logger),
]

do {
    let sandbox = try await RunningSandbox.start(services, stateDirectory: options.stateDirectory)
    let manifestFile = URL(fileURLWithPath: options.stateDirectory).appendingPathComponent(SandboxManifest.fileName)
    do {
        try sandbox.manifest.write(toStateDirectory: options.stateDirectory)
    } catch {
        try? await sandbox.shutdown()
        throw error
    }
    for (_, service) in sandbox.services { say(service.summary) }
    say("endpoints   \(manifestFile.path)")
    say("ready; press Ctrl-C to stop")
    let signalNumber = await waitForTerminationSignal()
    say("stopping (signal \(signalNumber))")
    try await sandbox.shutdown()
} catch {
    FileHandle.standardError.write(Data("updraft-sandbox: \(error)\n".utf8))
    exit(1)
}
