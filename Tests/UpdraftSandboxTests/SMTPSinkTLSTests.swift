import Foundation
import Testing
import UpdraftSandbox

/// Starts a sink with TLS (`mode`) for the duration of `body`, with throwaway certificates.
private func withTLSSink<T>(
    _ mode: SMTPSinkTLS.Mode, requireTLS: Bool = false, configure: (inout SMTPSinkConfiguration) -> Void = { _ in },
    _ body: (SMTPSink, SandboxCertificates) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory("smtp-tls") { directory in
        let certificates = try SandboxCertificates.generate(in: directory)
        var configuration = SMTPSinkConfiguration(
            tls: SMTPSinkTLS(
                mode: mode,
                certificates: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: false),
                requireTLS: requireTLS))
        configure(&configuration)
        let sink = try await SMTPSink.start(configuration: configuration)
        do {
            let result = try await body(sink, certificates)
            try await sink.shutdown()
            return result
        } catch {
            try? await sink.shutdown()
            throw error
        }
    }
}

private let message = "From: updraft@example.test\r\nSubject: over TLS\r\n\r\nencrypted body\r\n"

/// Sends `message` with Python's smtplib: EHLO, STARTTLS trusting `caFile`, EHLO, optional login, then `sendmail`
/// to `recipients` (a `str` message, so smtplib turns its line ends into CR LF); prints the refused recipients as
/// JSON (smtplib's dict of address → [code, text]).
private func sendWithSmtplib(
    port: Int, caFile: String, login: (String, String)?, recipients: [String]
) async throws -> CurlResult {
    let script = """
        import json, smtplib, ssl, sys
        host, port, cafile, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        rcpts = sys.argv[6:]
        with smtplib.SMTP(host, port, timeout=20) as smtp:
            smtp.ehlo()
            smtp.starttls(context=ssl.create_default_context(cafile=cafile))
            smtp.ehlo()
            if user:
                smtp.login(user, password)
            refused = smtp.sendmail("updraft@example.test", rcpts, sys.stdin.read())
        print(json.dumps({k: [v[0], v[1].decode()] for k, v in refused.items()}))
        """
    return try await runToCompletion(
        "python3", ["-c", script, "127.0.0.1", "\(port)", caFile, login?.0 ?? "", login?.1 ?? ""] + recipients,
        input: Array(message.replacingOccurrences(of: "\r\n", with: "\n").utf8))
}

@Suite struct SMTPSinkTLSTests {
    @Test func curlUpgradesWithStartTLS() async throws {
        try await withTLSSink(.startTLS) { sink, certificates in
            let result = try await curl(
                [
                    "smtp://127.0.0.1:\(sink.port)", "--ssl-reqd", "--cacert", certificates.caCertificateFile,
                    "--mail-from", "updraft@example.test", "--mail-rcpt", "a@example.test", "-T", "-",
                ], input: Data(message.utf8))
            #expect(result.exitCode == 0, "\(result.errorOutput)")
            let received = try #require(sink.messages().first)
            #expect(received.overTLS)
            #expect(received.text == message)
            let untrusted = try await curl(
                [
                    "smtp://127.0.0.1:\(sink.port)", "--ssl-reqd", "--mail-from", "updraft@example.test",
                    "--mail-rcpt", "a@example.test", "-T", "-",
                ], input: Data(message.utf8))
            #expect(untrusted.exitCode == 60, "the sandbox CA is not trusted by default: \(untrusted.errorOutput)")
        }
    }

    @Test func requiredTLSRefusesPlainTextMailAndAuth() async throws {
        try await withTLSSink(.startTLS, requireTLS: true, configure: { $0.credentials = ("alerts", "s3cret") }) {
            sink, certificates in
            let arguments = [
                "smtp://127.0.0.1:\(sink.port)", "--mail-from", "updraft@example.test", "--mail-rcpt",
                "a@example.test", "--user", "alerts:s3cret", "-T", "-",
            ]
            let plain = try await curl(arguments, input: Data(message.utf8))
            #expect(plain.exitCode != 0, "no AUTH is offered and MAIL gets 530 before STARTTLS")
            let upgraded = try await curl(
                arguments + ["--ssl-reqd", "--cacert", certificates.caCertificateFile], input: Data(message.utf8))
            #expect(upgraded.exitCode == 0, "\(upgraded.errorOutput)")
            #expect(sink.messages().count == 1)
            #expect(sink.messages().first?.authenticatedUser == "alerts")
            #expect(sink.messages().first?.overTLS == true)
        }
    }

    @Test func curlSpeaksImplicitTLS() async throws {
        try await withTLSSink(.implicit) { sink, certificates in
            let result = try await curl(
                [
                    "smtps://127.0.0.1:\(sink.port)", "--cacert", certificates.caCertificateFile,
                    "--mail-from", "updraft@example.test", "--mail-rcpt", "a@example.test", "-T", "-",
                ], input: Data(message.utf8))
            #expect(result.exitCode == 0, "\(result.errorOutput)")
            #expect(sink.messages().first?.overTLS == true)
        }
    }

    @Test func pythonSmtplibWithStartTLSAuthAndARejectedRecipient() async throws {
        try await withTLSSink(
            .startTLS, requireTLS: true,
            configure: {
                $0.credentials = ("alerts", "s3cret")
                $0.requiresAuthentication = true
                $0.rejectedRecipients = ["nobody@example.test"]
            }
        ) { sink, certificates in
            let result = try await sendWithSmtplib(
                port: sink.port, caFile: certificates.caCertificateFile, login: ("alerts", "s3cret"),
                recipients: ["data-team@example.test", "nobody@example.test", "oncall@example.test"])
            #expect(result.exitCode == 0, "\(result.errorOutput)")
            let refused = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [Any]]
            #expect(refused?.keys.sorted() == ["nobody@example.test"])
            #expect(refused?["nobody@example.test"]?.first as? Int == 550)
            let received = try #require(sink.messages().first)
            #expect(sink.messages().count == 1)
            #expect(received.recipients == ["data-team@example.test", "oncall@example.test"])
            #expect(received.from == "updraft@example.test")
            #expect(received.authenticatedUser == "alerts")
            #expect(received.overTLS)
            #expect(received.text == message)

            let wrongPassword = try await sendWithSmtplib(
                port: sink.port, caFile: certificates.caCertificateFile, login: ("alerts", "nope"),
                recipients: ["data-team@example.test"])
            #expect(wrongPassword.exitCode != 0)
            #expect(wrongPassword.errorOutput.contains("SMTPAuthenticationError"), "\(wrongPassword.errorOutput)")
            #expect(sink.messages().count == 1)
        }
    }
}
