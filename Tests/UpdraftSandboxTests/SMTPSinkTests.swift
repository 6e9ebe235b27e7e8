import Foundation
import Testing
import UpdraftSandbox

/// Starts a sink for the duration of `body`.
private func withSink<T>(
    _ configuration: SMTPSinkConfiguration = SMTPSinkConfiguration(), _ body: (SMTPSink) async throws -> T
) async throws -> T {
    let sink = try await SMTPSink.start(configuration: configuration)
    do {
        let result = try await body(sink)
        try await sink.shutdown()
        return result
    } catch {
        try? await sink.shutdown()
        throw error
    }
}

private let message = """
    From: Updraft <updraft@example.test>\r
    To: data-team@example.test\r
    Subject: talend_jobs finished\r
    \r
    All tasks succeeded.\r
    .a line that starts with a dot\r
    .\r
    done\r

    """

@Suite struct SMTPSinkTests {
    @Test func curlDeliversAMessage() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-sandbox-mail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withSink(SMTPSinkConfiguration(mailDirectory: directory)) { sink in
            let result = try await curl(
                [
                    "smtp://\(sink.host):\(sink.port)", "--mail-from", "updraft@example.test",
                    "--mail-rcpt", "data-team@example.test", "--mail-rcpt", "oncall@example.test", "-T", "-",
                ], input: Data(message.utf8))
            #expect(result.exitCode == 0, "\(result.errorOutput)")
            let received = try #require(sink.messages().first)
            #expect(sink.messages().count == 1)
            #expect(received.from == "updraft@example.test")
            #expect(received.recipients == ["data-team@example.test", "oncall@example.test"])
            #expect(received.text == message, "dot-stuffing by curl is undone")
            #expect(received.authenticatedUser == nil)
            let file = try #require(received.file)
            #expect(file.hasSuffix(".eml"))
            #expect(try String(contentsOfFile: file, encoding: .utf8) == message)
        }
    }

    @Test func authenticationIsCheckedForPlainAndLogin() async throws {
        let configuration = SMTPSinkConfiguration(
            credentials: ("alerts", "s3cret"), requiresAuthentication: true)
        try await withSink(configuration) { sink in
            let base = [
                "smtp://\(sink.host):\(sink.port)", "--mail-from", "updraft@example.test",
                "--mail-rcpt", "data-team@example.test", "-T", "-",
            ]
            for mechanism in ["PLAIN", "LOGIN"] {
                let accepted = try await curl(
                    base + ["--user", "alerts:s3cret", "--login-options", "AUTH=\(mechanism)"],
                    input: Data(message.utf8))
                #expect(accepted.exitCode == 0, "\(mechanism): \(accepted.errorOutput)")
                let denied = try await curl(
                    base + ["--user", "alerts:wrong", "--login-options", "AUTH=\(mechanism)"],
                    input: Data(message.utf8))
                #expect(denied.exitCode == 67, "\(mechanism): curl reports login denied (535)")
            }
            let anonymous = try await curl(base, input: Data(message.utf8))
            #expect(anonymous.exitCode != 0, "MAIL FROM without AUTH gets 530")
            #expect(sink.messages().count == 2)
            #expect(sink.messages().allSatisfy { $0.authenticatedUser == "alerts" })
        }
    }

    @Test func rejectedRecipientsAndOversizedMessagesAreRefused() async throws {
        let configuration = SMTPSinkConfiguration(maximumMessageSize: 64, rejectedRecipients: ["nobody@example.test"])
        try await withSink(configuration) { sink in
            let rejected = try await curl(
                [
                    "smtp://\(sink.host):\(sink.port)", "--mail-from", "updraft@example.test",
                    "--mail-rcpt", "nobody@example.test", "-T", "-",
                ], input: Data("Subject: x\r\n\r\nhi\r\n".utf8))
            #expect(rejected.exitCode == 55, "\(rejected.errorOutput)")
            let oversized = try await curl(
                [
                    "smtp://\(sink.host):\(sink.port)", "--mail-from", "updraft@example.test",
                    "--mail-rcpt", "someone@example.test", "-T", "-",
                ], input: Data(message.utf8))
            #expect(oversized.exitCode != 0)
            #expect(sink.messages().isEmpty)
        }
    }
}
