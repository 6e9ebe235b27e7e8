import Foundation
import Testing
import Updraft
import UpdraftEmail
import UpdraftTesting

@Suite struct EmailOperatorTests {
    /// The seed's `send_email` task, run with a recording hook.
    @Test func seedSendEmailTask() async throws {
        let smtp = MockSMTPHook(defaultFrom: "me@gmail.com")
        let dag = try DAG("talend_jobs") { dag in
            let talend = dag.task("talend1", EmptyOperator())
            let send = dag.task("send_email", EmailOperator(
                to: ["ops@example.com", "data@example.com"], subject: "Talend Jobs Completed Successfully",
                htmlContent: "<p>Your containerized Talend jobs have completed successfully. <p>"))
            talend >> send
        }
        let result = try await dag.test(hooks: ["smtp_default": smtp])
        #expect(result.state == .success)
        let sent = try #require(smtp.calls.accepted.first)
        #expect(smtp.calls.accepted.count == 1)
        #expect(sent.message.to.addresses == ["ops@example.com", "data@example.com"])
        #expect(sent.message.subject == "Talend Jobs Completed Successfully")
        #expect(sent.rendered.sender == "me@gmail.com")
        #expect(try await result.xcom(String.self, from: "send_email") == sent.rendered.messageID)
    }

    @Test func everyParameterReachesTheMessage() async throws {
        let smtp = MockSMTPHook()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-\(UUID().uuidString).csv")
        try Data("id,status\n1,ok\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let op = EmailOperator(
            to: "a@example.com; b@example.com", subject: "Report", htmlContent: "<b>see attached</b>",
            files: [file.path], cc: "c@example.com", bcc: ["hidden-auditor@example.com"], mimeSubtype: "related",
            mimeCharset: "iso-8859-1", connID: "smtp_reports", customHeaders: ["X-Priority": "1"],
            fromEmail: "Reports <reports@example.com>")
        let context = TaskContext.forTesting(hooks: ["smtp_reports": smtp])
        let messageID = try await op.execute(context: context)
        let sent = try #require(smtp.calls.accepted.first)
        #expect(sent.rendered.messageID == messageID)
        #expect(sent.message.attachments.map(\.filename) == [file.lastPathComponent])
        #expect(sent.message.attachments.first?.contentType == "text/csv")
        #expect(sent.rendered.recipients == ["a@example.com", "b@example.com", "c@example.com", "hidden-auditor@example.com"])
        #expect(sent.rendered.sender == "reports@example.com")
        let text = String(decoding: sent.rendered.data, as: UTF8.self)
        #expect(text.contains("multipart/related") && text.contains("iso-8859-1") && text.contains("X-Priority: 1"))
        #expect(!text.contains("hidden-auditor"))
        #expect(sent.message.date == context.clock.now())
    }

    @Test func missingAttachmentFailsTheTaskWithoutSending() async throws {
        let smtp = MockSMTPHook()
        let op = EmailOperator(to: "a@example.com", subject: "s", htmlContent: "", files: ["/nonexistent/x.pdf"])
        let error = await #expect(throws: EmailError.self) {
            try await op.execute(context: .forTesting(hooks: ["smtp_default": smtp]))
        }
        #expect(error?.code == .attachmentUnreadable)
        #expect(error?.description.contains("/nonexistent/x.pdf") == true)
        #expect(smtp.calls.accepted.isEmpty)
    }

    @Test func headerInjectionFailsTheTask() async throws {
        let smtp = MockSMTPHook()
        let dag = try DAG("inject") { dag in
            dag.task("send", EmailOperator(to: "a@example.com", subject: "hi\r\nBcc: x@evil.test", htmlContent: ""))
        }
        let result = try await dag.test(hooks: ["smtp_default": smtp])
        #expect(result.state(of: "send") == .failed)
        #expect(result.logLines(of: "send").contains { $0.message.contains("headerInjection") })
        #expect(smtp.calls.accepted.isEmpty)
    }

    @Test func aTestWithoutAnSMTPMockFailsNamingTheConnection() async throws {
        let dag = try DAG("nomock") { dag in
            dag.task("send", EmailOperator(to: "a@example.com", subject: "s", htmlContent: ""))
        }
        let result = try await dag.test()
        #expect(result.state(of: "send") == .failed)
        #expect(result.logLines(of: "send").contains { $0.message.contains("smtp_default") })
    }
}
