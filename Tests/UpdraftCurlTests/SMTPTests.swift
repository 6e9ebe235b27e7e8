import Foundation
import ProcessTestSupport
import Testing
import UpdraftCurl

@Suite("SMTP delivery against aiosmtpd", .timeLimit(.minutes(1)))
struct SMTPTests {
    let client = CurlClient.shared
    let login = SMTPServer.Credentials(username: "updraft", password: "secret")

    struct Received: Decodable {
        let from: String
        let to: [String]
        let data: String
    }

    func message(to recipients: [String] = ["ops@example.com"], subject: String) -> SMTPMessage {
        SMTPMessage(
            sender: "airflow@example.com", recipients: recipients,
            data: Array("Subject: \(subject)\r\n\r\nTalend job finished.\r\n.leading dot\r\n".utf8))
    }

    /// The message the server accepted with `subject`; subjects are unique per test, since tests share servers.
    func received(by server: TestServer, subject: String) async throws -> Received {
        let line = try #require(await server.output.firstLine { $0.contains("Subject: \(subject)\\r\\n") })
        return try JSONDecoder().decode(Received.self, from: Data(line.utf8))
    }

    func pki() async throws -> TLSConfiguration {
        TLSConfiguration(trustRoots: .file(try await Fixtures.shared.pki().caFile))
    }

    @Test func plainDelivery() async throws {
        let server = try await Fixtures.shared.smtp("plain")
        let receipt = try await client.send(
            message(subject: "plain"), to: SMTPServer(host: "127.0.0.1", port: server.port, encryption: .none))
        #expect(receipt.responseCode == 250)
        #expect(receipt.serverResponse?.contains("queued as updraft-test") == true)
        let record = try await received(by: server, subject: "plain")
        #expect(record.from == "airflow@example.com")
        #expect(record.to == ["ops@example.com"])
        #expect(record.data.contains("\r\n.leading dot\r\n"))
    }

    @Test func startTLSWithLogin() async throws {
        let server = try await Fixtures.shared.smtp("starttls")
        let target = SMTPServer(
            host: "127.0.0.1", port: server.port, encryption: .startTLSRequired, credentials: login, tls: try await pki())
        let receipt = try await client.send(message(to: ["a@example.com", "b@example.com"], subject: "starttls"), to: target)
        #expect(receipt.responseCode == 250)
        let record = try await received(by: server, subject: "starttls")
        #expect(record.to == ["a@example.com", "b@example.com"])
    }

    @Test func implicitTLSWithLogin() async throws {
        let server = try await Fixtures.shared.smtp("implicit")
        let target = SMTPServer(
            host: "127.0.0.1", port: server.port, encryption: .implicitTLS, credentials: login, tls: try await pki())
        #expect(try await client.send(message(subject: "implicit"), to: target).responseCode == 250)
        _ = try await received(by: server, subject: "implicit")
    }

    @Test func wrongPasswordIsLoginDenied() async throws {
        let server = try await Fixtures.shared.smtp("starttls")
        let target = SMTPServer(
            host: "127.0.0.1", port: server.port, credentials: .init(username: "updraft", password: "wrong-pw"),
            tls: try await pki())
        let error = await curlError { _ = try await client.send(message(subject: "denied"), to: target) }
        let unwrapped = try #require(error)
        #expect(unwrapped.code == .loginDenied)
        #expect(unwrapped.serverResponse?.hasPrefix("535") == true)
        #expect(!unwrapped.description.contains("wrong-pw"))
        #expect(!target.description.contains("wrong-pw"))
    }

    @Test func rejectedRecipientIsTyped() async throws {
        let server = try await Fixtures.shared.smtp("plain")
        let target = SMTPServer(host: "127.0.0.1", port: server.port, encryption: .none)
        let error = await curlError {
            _ = try await client.send(message(to: ["ok@example.com", "rejected@example.com"], subject: "rcpt"), to: target)
        }
        let unwrapped = try #require(error)
        #expect(unwrapped.code == .recipientRejected)
        #expect(unwrapped.serverResponse?.hasPrefix("550") == true, "\(unwrapped)")
        #expect(unwrapped.serverResponse?.contains("rejected@example.com") == true)
    }

    @Test func requiredSTARTTLSFailsWhenNotOffered() async throws {
        let server = try await Fixtures.shared.smtp("plain")
        let target = SMTPServer(host: "127.0.0.1", port: server.port, encryption: .startTLSRequired)
        let error = await curlError { _ = try await client.send(message(subject: "notls"), to: target) }
        #expect(error?.code == .tlsUnavailable)
    }

    @Test func opportunisticSTARTTLSFallsBackToClearText() async throws {
        let server = try await Fixtures.shared.smtp("plain")
        let target = SMTPServer(host: "127.0.0.1", port: server.port, encryption: .startTLSIfAvailable)
        #expect(try await client.send(message(subject: "opportunistic"), to: target).responseCode == 250)
    }
}
