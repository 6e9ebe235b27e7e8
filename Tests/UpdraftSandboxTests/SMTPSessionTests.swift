import Foundation
import Testing

@testable import UpdraftSandbox

/// The SMTP state machine without sockets: feed lines, check replies.
@Suite struct SMTPSessionTests {
    private func run(_ lines: [String], configuration: SMTPSinkConfiguration = SMTPSinkConfiguration())
        -> (replies: [String], delivered: [SMTPReceivedMessage])
    {
        var session = SMTPSession(configuration: configuration)
        var replies: [String] = []
        var delivered: [SMTPReceivedMessage] = []
        for line in lines {
            let output = session.receive(Array(line.utf8))
            replies += output.replies
            delivered += output.delivered.map { [$0] } ?? []
        }
        return (replies, delivered)
    }

    @Test func fullTransactionWithRsetAndDotUnstuffing() {
        let (replies, delivered) = run([
            "HELO client", "MAIL FROM:<a@x>", "RSET", "DATA", "MAIL FROM: <b@x> SIZE=10", "RCPT TO:<c@y>", "NOOP",
            "DATA", "..leading dot", "body", ".", "QUIT",
        ])
        #expect(replies.map { $0.prefix(3) } == ["250", "250", "250", "503", "250", "250", "250", "354", "250", "221"])
        #expect(delivered.count == 1)
        #expect(delivered.first?.from == "b@x")
        #expect(delivered.first?.text == ".leading dot\r\nbody\r\n")
    }

    @Test func ehloAdvertisesAuthOnlyWithCredentials() {
        #expect(run(["EHLO c"]).replies.allSatisfy { !$0.contains("AUTH") })
        let replies = run(["EHLO c"], configuration: SMTPSinkConfiguration(credentials: ("u", "p"))).replies
        #expect(replies.last == "250 AUTH PLAIN LOGIN")
        #expect(replies.dropLast().allSatisfy { $0.hasPrefix("250-") })
    }

    @Test func authLoginInTwoSteps() {
        let configuration = SMTPSinkConfiguration(credentials: ("user", "pass"), requiresAuthentication: true)
        let encode = { (text: String) in Data(text.utf8).base64EncodedString() }
        let ok = run(
            ["EHLO c", "AUTH LOGIN", encode("user"), encode("pass"), "MAIL FROM:<a@x>"], configuration: configuration)
        #expect(
            ok.replies.suffix(4) == [
                "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 2.7.0 Authentication successful", "250 2.1.0 OK",
            ])
        let denied = run(
            ["EHLO c", "AUTH LOGIN " + encode("user"), encode("nope"), "MAIL FROM:<a@x>"], configuration: configuration)
        #expect(denied.replies.suffix(3).map { $0.prefix(3) } == ["334", "535", "530"])
    }

    @Test func oversizedMessageIsRefusedButTheSessionContinues() {
        let (replies, delivered) = run(
            ["HELO c", "MAIL FROM:<a@x>", "RCPT TO:<b@y>", "DATA", String(repeating: "x", count: 100), ".", "NOOP"],
            configuration: SMTPSinkConfiguration(maximumMessageSize: 50))
        #expect(replies.suffix(2).map { $0.prefix(3) } == ["552", "250"])
        #expect(delivered.isEmpty)
    }

    @Test func startTLSIsAdvertisedOnceAndForgetsThePlainTextSession() {
        let tls = SMTPSinkTLS(
            mode: .startTLS, certificates: SandboxTLSConfiguration(certificateChainPEMFile: "", privateKeyPEMFile: ""),
            requireTLS: true)
        let configuration = SMTPSinkConfiguration(credentials: ("u", "p"), tls: tls)
        var session = SMTPSession(configuration: configuration)
        let plainEHLO = session.receive(Array("EHLO c".utf8)).replies
        #expect(plainEHLO.last == "250 STARTTLS")
        #expect(!plainEHLO.contains { $0.contains("AUTH") }, "no AUTH offered before TLS when TLS is required")
        let early = session.receive(Array("MAIL FROM:<a@x>".utf8)).replies
        #expect(early == ["530 5.7.0 Must issue a STARTTLS command first"])
        #expect(session.receive(Array("AUTH PLAIN AHUAcA==".utf8)).replies.first?.hasPrefix("530") == true)
        let upgrade = session.receive(Array("STARTTLS".utf8))
        #expect(upgrade.startTLS && upgrade.replies == ["220 2.0.0 Ready to start TLS"])
        #expect(session.receive(Array("MAIL FROM:<a@x>".utf8)).replies.first?.hasPrefix("503") == true, "EHLO again")
        let secureEHLO = session.receive(Array("EHLO c".utf8)).replies
        #expect(!secureEHLO.contains { $0.contains("STARTTLS") })
        #expect(secureEHLO.last == "250 AUTH PLAIN LOGIN")
        #expect(session.receive(Array("STARTTLS".utf8)).replies.first?.hasPrefix("503") == true)
    }

    @Test func startTLSIsRefusedWhenNotConfigured() {
        #expect(run(["EHLO c", "STARTTLS"]).replies.last == "502 5.5.1 STARTTLS not offered")
    }
}
