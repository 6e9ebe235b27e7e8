import Foundation
import Testing
import UpdraftSandbox

/// The built `updraft-sandbox` executable, next to the test bundle.
private let sandboxExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("updraft-sandbox").path

/// Decodes an `AIRFLOW_CONN_*` value written in Airflow's JSON form.
private func connection(_ value: String?) throws -> [String: Any] {
    let text = try #require(value)
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite struct SandboxServicesTests {
    @Test func runningSandboxWritesItsManifestAndEnvironment() async throws {
        try await withTemporaryDirectory("state") { directory in
            let sandbox = try await RunningSandbox.start(
                [
                    TalendSandboxService(token: "t0ken"),
                    SMTPSandboxService(
                        configuration: SMTPSinkConfiguration(credentials: ("alerts", "it's secret")),
                        tlsMode: .startTLS),
                ], stateDirectory: directory)
            do {
                try sandbox.manifest.write(toStateDirectory: directory)
                let manifest = try SandboxManifest.read(fromStateDirectory: directory)
                #expect(manifest == sandbox.manifest)
                let talend = try #require(manifest.services["talend"])
                #expect(talend.settings["token"] == "t0ken")
                #expect(talend.baseURL == "http://127.0.0.1:\(talend.port)")
                let talendConnection = try connection(manifest.environment["AIRFLOW_CONN_TALEND_API"])
                #expect(talendConnection["conn_type"] as? String == "http")
                #expect(talendConnection["schema"] as? String == "http")
                #expect(talendConnection["port"] as? Int == talend.port)
                #expect((talendConnection["extra"] as? [String: String])?["Authorization"] == "Bearer t0ken")

                let smtp = try #require(manifest.services["smtp"])
                #expect(smtp.host == "127.0.0.1" && smtp.port > 0)
                let mail = URL(fileURLWithPath: directory).appendingPathComponent("mail").path
                #expect(smtp.settings["mailDirectory"] == mail)
                #expect(FileManager.default.fileExists(atPath: mail))
                let ca = URL(fileURLWithPath: directory).appendingPathComponent("tls/ca.crt").path
                #expect(manifest.caCertificateFile == ca && smtp.caCertificateFile == ca)
                #expect(manifest.environment["AIRFLOW__SMTP__SMTP_PORT"] == "\(smtp.port)")
                #expect(manifest.environment["AIRFLOW__SMTP__SMTP_STARTTLS"] == "True")
                #expect(manifest.environment["AIRFLOW__SMTP__SMTP_SSL"] == "False")
                #expect(manifest.environment["AIRFLOW__SMTP__SMTP_USER"] == "alerts")
                let smtpConnection = try connection(manifest.environment["AIRFLOW_CONN_SMTP_DEFAULT"])
                #expect(smtpConnection["password"] as? String == "it's secret")
                #expect((smtpConnection["extra"] as? [String: Any])?["disable_tls"] as? Bool == false)

                // The exported environment, read back by a shell, is the manifest's.
                let shell = try await runToCompletion(
                    "sh", ["-c", ". \"$1\" && env", "sh", "\(directory)/\(SandboxManifest.environmentFileName)"])
                for (name, value) in manifest.environment {
                    #expect(shell.output.contains("\(name)=\(value)\n"), "\(name)")
                }

                let client = TalendTestClient(baseURL: try #require(talend.baseURL), token: "t0ken")
                #expect(try await client.start(#"{"executable":"job-succeeds"}"#).status == 201)
                let sent = try await curl(
                    [
                        "smtp://127.0.0.1:\(smtp.port)", "--ssl-reqd", "--cacert", ca, "--user", "alerts:it's secret",
                        "--mail-from", "updraft@localhost", "--mail-rcpt", "team@example.test", "-T", "-",
                    ], input: Data("Subject: via the manifest\r\n\r\nhi\r\n".utf8))
                #expect(sent.exitCode == 0, "\(sent.errorOutput)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: mail).count == 1)
            } catch {
                try? await sandbox.shutdown()
                throw error
            }
            try await sandbox.shutdown()
        }
    }

    @Test func certificatesAreSharedAndReused() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-sandbox-pki-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SandboxCertificates.reusingOrGenerating(in: directory)
        let second = try SandboxCertificates.reusingOrGenerating(in: directory)
        #expect(first.caCertificatePEM == second.caCertificatePEM)
        try FileManager.default.removeItem(atPath: first.serverKeyFile)
        #expect(try SandboxCertificates.reusingOrGenerating(in: directory).caCertificatePEM != first.caCertificatePEM)
    }

    @Test(arguments: [Signal.terminate, Signal.interrupt])
    func executableServesUntilSignalled(_ signal: Signal) async throws {
        try await withTemporaryDirectory("exe") { directory in
            let (output, exit) = try await withProcess(
                sandboxExecutable,
                ["--state-dir", directory, "--talend-token", "exe-token", "--smtp-reject", "nobody@example.test"]
            ) { process in
                // Ends at "ready", or at end of output if the sandbox exits instead (the expectations then fail).
                let output = try await process.readOutput(until: "ready")
                let manifest = try SandboxManifest.read(fromStateDirectory: directory)
                let talend = try #require(manifest.services["talend"]?.baseURL)
                let client = TalendTestClient(baseURL: talend, token: "exe-token")
                #expect(try await client.start(#"{"executable":"job-succeeds"}"#).status == 201)
                let port = try #require(manifest.environment["AIRFLOW__SMTP__SMTP_PORT"])
                let rejected = try await curl(
                    [
                        "smtp://127.0.0.1:\(port)", "--mail-from", "a@example.test", "--mail-rcpt",
                        "nobody@example.test", "-T", "-",
                    ], input: Data("Subject: x\r\n\r\nhi\r\n".utf8))
                #expect(rejected.exitCode == 55, "RCPT TO refused: \(rejected.errorOutput)")
                try process.send(signal)
                return output + (try await process.readRemainingOutput())
            }
            #expect(exit.exitCode == 0, "\(exit.errorOutput)")
            #expect(output.contains("talend      http://127.0.0.1:"), "\(output)")
            #expect(output.contains("smtp        smtp://127.0.0.1:"), "\(output)")
            #expect(output.contains("environment \(directory)/sandbox.env"), "\(output)")
            #expect(output.hasSuffix("stopped\n"), "\(output)")
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/\(SandboxManifest.fileName)"))
        }
    }

    @Test(
        arguments: [
            (["--bogus"], "unknown argument '--bogus'"),
            (["--smtp-port", "70000"], "--smtp-port must be a port number from 0 to 65535, not '70000'"),
            (["--smtp-user", "u"], "--smtp-user and --smtp-password go together"),
            (["--smtp-tls", "ssl"], "--smtp-tls must be none, starttls or implicit, not 'ssl'"),
            (["--smtp-require-tls"], "--smtp-require-tls needs --smtp-tls starttls"),
        ])
    func executableRejectsBadArgumentsWithUsage(_ arguments: [String], _ message: String) async throws {
        let (_, outcome) = try await withProcess(sandboxExecutable, arguments) { process in
            try await process.readRemainingOutput()
        }
        #expect(outcome.exitCode == 64)
        #expect(outcome.errorOutput.hasPrefix("updraft-sandbox: \(message)\n"), "\(outcome.errorOutput)")
        #expect(outcome.errorOutput.contains("USAGE: updraft-sandbox"))
    }

    @Test func executableFailsCleanlyWhenAPortIsTaken() async throws {
        let occupant = try await SMTPSink.start()
        defer { Task { try await occupant.shutdown() } }
        try await withTemporaryDirectory("taken") { directory in
            let (output, outcome) = try await withProcess(
                sandboxExecutable, ["--state-dir", directory, "--smtp-port", "\(occupant.port)"]
            ) { process in
                try await process.readRemainingOutput()
            }
            #expect(outcome.exitCode == 1)
            #expect(outcome.errorOutput.hasPrefix("updraft-sandbox: "), "\(outcome.errorOutput)")
            #expect(!output.contains("ready"))
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/\(SandboxManifest.fileName)"))
        }
    }
}
