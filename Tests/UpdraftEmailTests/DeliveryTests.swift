import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftCurl
import UpdraftEmail
import UpdraftTesting

/// Real deliveries to aiosmtpd on loopback: each test starts and stops its own server, so tests run in parallel.
@Suite("Delivery to aiosmtpd", .timeLimit(.minutes(2)))
struct DeliveryTests {
    func withSink<T>(_ mode: SMTPSink.Mode = .plain, auth: Bool = false,
                     _ body: (SMTPSink) async throws -> T) async throws -> T {
        let sink = try await SMTPSink.start(mode, auth: auth)
        defer { sink.stop() }
        return try await body(sink)
    }

    func message(_ subject: String, to: EmailRecipients = "ops@example.com") -> EmailMessage {
        EmailMessage(to: to, subject: subject, htmlContent: "<p>Talend jobs finished.</p>")
    }

    @Test func plainDelivery() async throws {
        try await withSink { sink in
            let receipt = try await CurlSMTPHook(settings: try sink.settings()).send(message("plain"))
            #expect(receipt.serverResponse?.contains("queued as sink-1") == true)
            let delivered = try await sink.message()
            #expect(delivered.header("Subject") == ["plain"])
            #expect(delivered.header("Message-ID") == ["<\(receipt.messageID)>"])
            #expect(delivered.mail_from == "updraft@example.com")
            #expect(delivered.header("From") == ["Updraft <updraft@example.com>"])
            #expect(delivered.defects.isEmpty)
            #expect(delivered.parts == ["multipart/mixed", "multipart/alternative"])
            #expect(delivered.plain?.trimmingCharacters(in: .whitespacesAndNewlines) == "Talend jobs finished.")
            #expect(delivered.html == "<p>Talend jobs finished.</p>")
        }
    }

    @Test(arguments: [SMTPSink.Mode.plain, .starttls, .implicit])
    func authenticatedDelivery(mode: SMTPSink.Mode) async throws {
        try await withSink(mode, auth: true) { sink in
            _ = try await CurlSMTPHook(settings: try sink.settings(auth: true)).send(message("auth-\(mode)"))
            let delivered = try await sink.message()
            #expect(delivered.authenticated)
            #expect(delivered.tls == (mode != .plain))
            #expect(delivered.header("Subject") == ["auth-\(mode)"])
        }
    }

    @Test func authRequiredWithoutCredentialsIsRefused() async throws {
        try await withSink(.starttls, auth: true) { sink in
            let error = await #expect(throws: SMTPDeliveryError.self) {
                _ = try await CurlSMTPHook(settings: try sink.settings()).send(message("no-login"))
            }
            #expect(error?.code == .senderRejected && error?.isPermanent == true, "530 is a permanent refusal")
            #expect(sink.messageCount == 0)
        }
    }

    @Test func wrongPasswordIsLoginDeniedAndMasked() async throws {
        try await withSink(.starttls, auth: true) { sink in
            let masker = SecretMasker()
            let settings = try sink.settings(auth: true, password: "wrong-password-42")
            let hook = CurlSMTPHook(settings: settings, masker: masker)
            let error = try await #require(throws: SMTPDeliveryError.self) { _ = try await hook.send(message("denied")) }
            #expect(error.code == .loginDenied && error.isPermanent)
            #expect("\(error)".contains("check AIRFLOW__SMTP__SMTP_USER and AIRFLOW__SMTP__SMTP_PASSWORD"))
            for text in ["\(error)", "\(settings)", "\(hook)", "\(settings.server)"] {
                #expect(!text.contains("wrong-password-42"))
            }
            #expect(masker.mask("AUTH with wrong-password-42") == "AUTH with ***")
        }
    }

    @Test func startTLSRequiredAgainstAPlainServerFails() async throws {
        try await withSink(.plain) { sink in
            var settings = try sink.settings()
            settings.startTLS = true
            let error = try await #require(throws: SMTPDeliveryError.self) {
                _ = try await CurlSMTPHook(settings: settings).send(message("no-tls"))
            }
            #expect(error.code == .tlsUnavailable && error.isPermanent)
            #expect(error.server == "127.0.0.1:\(sink.port)")
            #expect("\(error)".contains("set AIRFLOW__SMTP__SMTP_STARTTLS=False"), "\(error)")
        }
    }

    @Test func rejectedRecipientFailsTyped() async throws {
        try await withSink { sink in
            let error = try await #require(throws: SMTPDeliveryError.self) {
                _ = try await CurlSMTPHook(settings: try sink.settings())
                    .send(message("rcpt", to: ["ok@example.com", "rejected@example.com"]))
            }
            #expect(error.code == .recipientRejected && error.isPermanent)
            #expect(error.underlying.serverResponse?.hasPrefix("550") == true)
            #expect(sink.messageCount == 0)
        }
    }

    @Test func aStalledServerTimesOutWithoutRetrying() async throws {
        try await withSink { sink in
            var settings = try sink.settings()
            settings.timeout = .seconds(1)
            let error = try await #require(throws: SMTPDeliveryError.self) {
                _ = try await CurlSMTPHook(settings: settings).send(message("stall", to: "stall@example.com"))
            }
            #expect(error.code == .timedOut && !error.isPermanent)
            #expect(error.attempts == 1)
        }
    }

    /// Settings from an Airflow connection URI alone (no code-level settings), as a deployment configures it.
    @Test func alertHookBuiltFromAConnection() async throws {
        try await withSink(.plain, auth: true) { sink in
            let password = SMTPSink.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let connection = try GenericConnection(
                connID: "smtp_alerts",
                uri: "smtp://updraft:\(password)@127.0.0.1:\(sink.port)?disable_tls=true&from_email=alerts%40example.com")
            let masker = SecretMasker()
            let alerts = try SMTPAlertHook(
                connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]), masker: masker,
                environment: ["AIRFLOW__EMAIL__EMAIL_CONN_ID": "smtp_alerts"])
            try await alerts.send(TaskAlert(
                kind: .retry, recipients: "ops@example.com", dagID: "d", taskID: "t", runID: "r",
                logicalDate: Date(), tryNumber: 1, maxTries: 2, error: "boom", hostname: "h"))
            let delivered = try await sink.message()
            #expect(delivered.authenticated)
            #expect(delivered.mail_from == "alerts@example.com")
            #expect(delivered.header("Subject") == ["Airflow alert: <TaskInstance: d.t r [up_for_retry]>"])
            #expect(masker.mask(SMTPSink.password) == "***")
        }
    }

    @Test func droppedConnectionIsRetried() async throws {
        try await withSink { sink in
            let receipt = try await CurlSMTPHook(settings: try sink.settings())
                .send(message("retry", to: "drop-once@example.com"))
            #expect(receipt.recipients == ["drop-once@example.com"])
            #expect(sink.output.lines.filter { $0.hasPrefix("DROPPED") }.count == 1)
            #expect(try await sink.message().header("Subject") == ["retry"])
        }
    }

    @Test func attachmentsSurviveByteForByteAndBccStaysHidden() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-att-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SplitMix(seed: 42)
        let files: [(String, Data)] = [
            ("report.pdf", Data((0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) })),
            ("rows.csv", Data("id,name\r\n1,Zoë\n2,\"a,b\"\n.\n..leading dots\n".utf8)),
            ("empty.bin", Data()),
            ("données é.json", Data("{\"ok\":true}".utf8)),
        ]
        for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }
        try await withSink { sink in
            let op = EmailOperator(
                to: "Ops <ops@example.com>", subject: "Rapport – données ✅", htmlContent: "<p>ci-joint</p>",
                files: files.map { directory.appendingPathComponent($0.0).path }, cc: "cc@example.com",
                bcc: "secret-auditor@example.com", customHeaders: ["X-Talend-Job": "hello-world"])
            let dag = try DAG("report") { dag in dag.task("send_email", op) }
            let result = try await dag.test(hooks: ["smtp_default": CurlSMTPHook(settings: try sink.settings())])
            #expect(result.state == .success)
            let delivered = try await sink.message()
            #expect(delivered.defects.isEmpty)
            #expect(delivered.rcpt_tos == ["ops@example.com", "cc@example.com", "secret-auditor@example.com"])
            #expect(!delivered.rawHeaders.components(separatedBy: "\r\n").contains { $0.lowercased().hasPrefix("bcc:") })
            #expect(delivered.header("Bcc").isEmpty)
            #expect(!delivered.raw.contains("secret-auditor"))
            #expect(delivered.header("Subject") == ["Rapport – données ✅"])
            #expect(delivered.header("Cc") == ["cc@example.com"])
            #expect(delivered.header("X-Talend-Job") == ["hello-world"])
            #expect(delivered.attachments.map(\.filename) == files.map(\.0))
            #expect(delivered.attachments.map(\.content_type)
                    == ["application/pdf", "text/csv", "application/octet-stream", "application/json"])
            for (attachment, (_, data)) in zip(delivered.attachments, files) {
                #expect(try Data(contentsOf: URL(fileURLWithPath: attachment.path)) == data, "\(attachment.filename ?? "")")
            }
        }
    }

    /// The whole path: a failing task in a DAG run mails its failure alert through the live hook.
    @Test func failingTaskDeliversAFailureAlert() async throws {
        struct TalendFailure: Error, CustomStringConvertible {
            var description: String { "Talend job hello-world exited with code 1" }
        }
        try await withSink(.starttls, auth: true) { sink in
            let masker = SecretMasker()
            let alerts = SMTPAlertHook(hook: CurlSMTPHook(settings: try sink.settings(auth: true), masker: masker))
            let dag = try DAG("talend_jobs") { dag in
                let talend = dag.task("talend1", options: TaskOptions(email: "ops@example.com")) { _ in
                    throw TalendFailure()
                }
                talend >> dag.task("send_email", EmailOperator(to: "ops@example.com", subject: "done", htmlContent: ""))
            }
            let result = try await dag.test(alertHook: alerts)
            #expect(result.state(of: "talend1") == .failed)
            #expect(result.state(of: "send_email") == .upstreamFailed)
            let delivered = try await sink.message()
            let subject = try #require(delivered.header("Subject").first)
            #expect(subject.hasPrefix("Airflow alert: <TaskInstance: talend_jobs.talend1 "))
            #expect(subject.hasSuffix(" [failed]>"))
            let html = try #require(delivered.html)
            #expect(html.hasPrefix("Try 1 out of 1<br>Exception:<br>Talend job hello-world exited with code 1<br>"))
            #expect(html.contains("Host: updraft-test<br>"))
            #expect(delivered.plain?.contains("Talend job hello-world exited with code 1") == true)
            #expect(delivered.rcpt_tos == ["ops@example.com"])
            #expect(result.logLines(of: "talend1").contains { $0.message.contains("sent failure alert") })
            #expect(!result.logLines(of: "talend1").contains { $0.message.contains(SMTPSink.password) })
        }
    }
}

/// A seeded generator, so the binary attachment is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
