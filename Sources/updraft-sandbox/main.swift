import Foundation
import Logging
import UpdraftSandbox

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
let terminationSignals = TerminationSignals()

// Every stand-in the sandbox runs; a new one is one more entry here.
let services: [any SandboxService] = [
    TalendSandboxService(port: options.talendPort, token: options.talendToken, logger: logger),
    KubernetesSandboxService(
        configuration: KubernetesSandboxService.seedConfiguration(talendJobDuration: .seconds(options.talendJobSeconds)),
        logger: logger),
    SMTPSandboxService(
        port: options.smtpPort, configuration: options.smtpConfiguration, tlsMode: options.smtpTLS,
        requireTLS: options.smtpRequireTLS, logger: logger),
]

do {
    let sandbox = try await RunningSandbox.start(services, stateDirectory: options.stateDirectory)
    let state = URL(fileURLWithPath: options.stateDirectory)
    var manifest = sandbox.manifest
    manifest.processID = getpid()
    do {
        try manifest.write(toStateDirectory: options.stateDirectory)
    } catch {
        try? await sandbox.shutdown()
        throw error
    }
    for (_, service) in sandbox.services { say(service.summary) }
    if let ca = manifest.caCertificateFile { say("tls CA      \(ca)") }
    say("endpoints   \(state.appendingPathComponent(SandboxManifest.fileName).path)")
    say("environment \(state.appendingPathComponent(SandboxManifest.environmentFileName).path)  (source it in a shell)")
    say("ready; press Ctrl-C to stop")
    let signalNumber = await terminationSignals.first()
    say("stopping (signal \(signalNumber))")
    // The manifest goes first: nothing should find it pointing at ports that are closing.
    SandboxManifest.remove(fromStateDirectory: options.stateDirectory)
    try await sandbox.shutdown()
    say("stopped")
} catch {
    FileHandle.standardError.write(Data("updraft-sandbox: \(error)\n".utf8))
    exit(1)
}
