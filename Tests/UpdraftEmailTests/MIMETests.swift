import Foundation
import Testing
import Updraft
import UpdraftEmail

@Suite struct MIMETests {
    let date = Date(timeIntervalSince1970: 1_790_000_000)

    func text(_ message: EmailMessage, from: String = "airflow@example.com") throws -> String {
        String(decoding: try message.render(defaultFrom: from).data, as: UTF8.self)
    }

    func headerBlock(_ text: String) -> String {
        String(text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)])
    }

    @Test func headersAndStructure() throws {
        let message = EmailMessage(
            to: "ops@example.com; data@example.com", cc: ["Lead <lead@example.com>"], bcc: "hidden@example.com",
            subject: "Talend Jobs Completed Successfully", htmlContent: "<p>Done &amp; dusted.<br>Bye</p>",
            date: date, messageID: "fixed@example.com")
        let rendered = try message.render(defaultFrom: "Updraft <updraft@example.com>")
        let text = String(decoding: rendered.data, as: UTF8.self)
        let headers = headerBlock(text)
        #expect(headers.contains("From: Updraft <updraft@example.com>\r\n"))
        #expect(headers.contains("To: ops@example.com, data@example.com\r\n"))
        #expect(headers.contains("Cc: Lead <lead@example.com>\r\n"))
        #expect(headers.contains("Subject: Talend Jobs Completed Successfully\r\n"))
        #expect(headers.contains("Message-ID: <fixed@example.com>\r\n"))
        #expect(headers.contains("MIME-Version: 1.0\r\n"))
        #expect(headers.contains("Content-Type: multipart/mixed; boundary=\"=_updraft_"))
        #expect(headers.range(of: #"Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"#, options: .regularExpression) != nil)
        #expect(!text.components(separatedBy: "\r\n").contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(!text.contains("hidden@example.com"))
        #expect(rendered.sender == "updraft@example.com")
        #expect(rendered.recipients == ["ops@example.com", "data@example.com", "lead@example.com", "hidden@example.com"])
        #expect(text.contains("Content-Type: multipart/alternative;"))
        #expect(text.contains("Content-Type: text/plain; charset=\"utf-8\""))
        #expect(text.contains("Content-Type: text/html; charset=\"utf-8\""))
        #expect(!text.contains("\n\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func nonASCIISubjectAndNamesAreEncodedWords() throws {
        let subject = "Rapport quotidien – données chargées ✅ pour l’équipe d’exploitation de Zürich"
        let text = try text(EmailMessage(
            from: "Équipe Données <data@example.com>", to: ["José Núñez <jose@example.com>"], subject: subject,
            htmlContent: "<p>ok</p>", date: date))
        let headers = headerBlock(text)
        #expect(headers.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(headers.contains("From: =?utf-8?B?"))
        #expect(headers.contains("<data@example.com>"))
        #expect(headers.contains("To: =?utf-8?B?"))
        let subjectLines = headers.components(separatedBy: "\r\n").drop(while: { !$0.hasPrefix("Subject:") })
        #expect(subjectLines.first.map { $0.count <= 78 } == true)
        #expect(headers.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test func asciiDisplayNameWithSpecialsIsQuoted() throws {
        let address = try EmailAddress(parsing: "\"Ops, Night Shift\" <ops@example.com>")
        #expect(address.displayName == "Ops, Night Shift")
        #expect(address.headerForm == "\"Ops, Night Shift\" <ops@example.com>")
        #expect(try EmailAddress(parsing: "Plain Name <a@b.c>").headerForm == "Plain Name <a@b.c>")
    }

    @Test(arguments: [
        ("subject", EmailMessage(to: "a@example.com", subject: "Hi\r\nBcc: victim@evil.test", htmlContent: "")),
        ("to", EmailMessage(to: ["a@example.com\r\nBcc: victim@evil.test"], subject: "s", htmlContent: "")),
        ("cc", EmailMessage(to: "a@example.com", cc: ["Name\n <c@example.com>"], subject: "s", htmlContent: "")),
        ("from", EmailMessage(from: "x@example.com\rBcc: v@evil.test", to: "a@example.com", subject: "s",
                              htmlContent: "")),
        ("header value", EmailMessage(to: "a@example.com", subject: "s", htmlContent: "",
                                      customHeaders: ["X-Job": "talend\r\nBcc: v@evil.test"])),
        ("header name", EmailMessage(to: "a@example.com", subject: "s", htmlContent: "",
                                     customHeaders: ["X-Job\r\nBcc": "v@evil.test"])),
    ])
    func lineBreaksAreRejected(field: String, message: EmailMessage) throws {
        let error = try #require(throws: EmailError.self) { try message.render(defaultFrom: "airflow@example.com") }
        #expect(error.code == .headerInjection, "\(field)")
        #expect(!error.description.contains("\r") && !error.description.contains("\n"))
    }

    @Test func invalidInputIsTyped() throws {
        let cases: [(EmailMessage, EmailError.Code)] = [
            (EmailMessage(to: "not-an-address", subject: "s", htmlContent: ""), .invalidAddress),
            (EmailMessage(to: [], subject: "s", htmlContent: ""), .noRecipients),
            (EmailMessage(to: "a@example.com", subject: "s", htmlContent: "", customHeaders: ["Bcc": "b@x.y"]),
             .invalidHeader),
            (EmailMessage(to: "a@example.com", subject: "s", htmlContent: "", customHeaders: ["Content-Type": "x"]),
             .invalidHeader),
            (EmailMessage(to: "a@example.com", subject: "s", htmlContent: "", mimeSubtype: "mixed; x=1"),
             .invalidMIMEParameter),
            (EmailMessage(to: "a@example.com", subject: "s", htmlContent: "é", mimeCharset: "us-ascii"),
             .invalidMIMEParameter),
            (EmailMessage(to: "a@example.com", subject: "s", htmlContent: "", mimeCharset: "klingon"),
             .invalidMIMEParameter),
        ]
        for (message, code) in cases {
            let error = try #require(throws: EmailError.self) { try message.render(defaultFrom: "a@example.com") }
            #expect(error.code == code)
        }
    }

    @Test func customHeadersAreSetLastAndReplaceStandardOnes() throws {
        let text = try text(EmailMessage(
            to: "a@example.com", subject: "s", htmlContent: "",
            customHeaders: ["X-Talend-Job": "hello-world ✓", "Reply-To": "ops@example.com", "Subject": "override"],
            date: date))
        let headers = headerBlock(text)
        #expect(headers.contains("Reply-To: ops@example.com\r\n"))
        #expect(headers.contains("X-Talend-Job: =?utf-8?B?"))
        #expect(headers.components(separatedBy: "Subject:").count == 2)
        #expect(headers.contains("Subject: override\r\n"))
    }

    @Test func attachmentsCarryTypesNamesAndBase64() throws {
        let bytes = Data((0..<300).map { UInt8($0 % 256) })
        let text = try text(EmailMessage(
            to: "a@example.com", subject: "s", htmlContent: "<p>x</p>", attachments: [
                EmailAttachment(filename: "report.pdf", data: bytes),
                EmailAttachment(filename: "résumé.csv", data: Data("a,b\n".utf8)),
            ], mimeSubtype: "related", date: date))
        #expect(text.contains("Content-Type: multipart/related; boundary=\"=_updraft_"))
        #expect(text.contains("Content-Type: application/pdf; name=\"report.pdf\"\r\n"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"report.pdf\"\r\n"))
        #expect(text.contains("Content-ID: <report.pdf>\r\n"))
        #expect(text.contains("Content-Type: text/csv; name*=utf-8''r%C3%A9sum%C3%A9.csv\r\n"))
        #expect(text.contains(bytes.base64EncodedString().prefix(76)))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 998 })
    }

    @Test func contentTypesByExtension() {
        #expect(EmailAttachment.contentType(forFilename: "a.PDF") == "application/pdf")
        #expect(EmailAttachment.contentType(forFilename: "run.log") == "text/plain")
        #expect(EmailAttachment.contentType(forFilename: "out.json") == "application/json")
        #expect(EmailAttachment.contentType(forFilename: "x.unknown") == "application/octet-stream")
        #expect(EmailAttachment.contentType(forFilename: "noext") == "application/octet-stream")
    }

    @Test func latin1CharsetEncodesTheBody() throws {
        let text = try text(EmailMessage(to: "a@example.com", subject: "s", htmlContent: "<p>café</p>",
                                         mimeCharset: "ISO-8859-1"))
        #expect(text.contains("charset=\"iso-8859-1\""))
        #expect(text.contains(Data("<p>caf\u{e9}</p>".data(using: .isoLatin1)!).base64EncodedString()))
    }
}
