import Foundation
import Testing
import Updraft
import UpdraftEmail

/// Email input that used to crash the process or slip through: typed errors, or a message that stays valid.
@Suite struct HostileEmailInputTests {
    func render(customHeaders: [String: String] = [:], subject: String = "s",
                attachments: [EmailAttachment] = []) throws -> String {
        let message = EmailMessage(to: "a@example.com", subject: subject, htmlContent: "<p>hi</p>",
                                   attachments: attachments, customHeaders: customHeaders, messageID: "m@example.com")
        return String(decoding: try message.render(defaultFrom: "airflow@example.com").data, as: UTF8.self)
    }

    func headerLines(_ text: String) -> [String] {
        String(text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)]).components(separatedBy: "\r\n")
    }

    @Test(arguments: [78, 79, 100, 300])
    func aLongHeaderNameWithALongValueIsFoldedWithoutTrapping(nameLength: Int) throws {
        let name = "X-" + String(repeating: "N", count: nameLength)
        let value = (1...40).map { "word\($0)" }.joined(separator: " ")
        let lines = headerLines(try render(customHeaders: [name: value]))
        let start = try #require(lines.firstIndex { $0.hasPrefix(name + ":") })
        let field = lines[start...].prefix { $0 == lines[start] || $0.hasPrefix(" ") }
        #expect(field.joined().replacingOccurrences(of: "  ", with: " ") == "\(name): \(value)")
        #expect(field.dropFirst().allSatisfy { $0.count <= 78 && $0.trimmingCharacters(in: .whitespaces) != "" })
    }

    static let blankValues = ["a" + String(repeating: " ", count: 200) + "b",
                              (1...30).map { "word\($0)" }.joined(separator: " ") + "   ",
                              String(repeating: " ", count: 100) + "x" + String(repeating: " ", count: 100)]

    @Test(arguments: blankValues)
    func blanksAreNeverFoldedIntoALineOfTheirOwn(value: String) throws {
        let lines = headerLines(try render(customHeaders: ["X-Blank": value]))
        #expect(lines.allSatisfy { !$0.isEmpty && $0.trimmingCharacters(in: .whitespaces) != "" })
    }

    @Test(arguments: ["X Job", "X(Job)", "X@Job", "X\"Job", "X;Job", "X/Job", "X[Job]", "X\tJob", "Jöb", "X:Job"])
    func aHeaderNameThatIsNotATokenIsRejected(name: String) {
        let error = #expect(throws: EmailError.self) { try render(customHeaders: [name: "v"]) }
        #expect(error?.code == .invalidHeader)
        #expect(error?.message.contains("header name") == true)
    }

    @Test func tokenHeaderNamesAreAccepted() throws {
        let text = try render(customHeaders: ["X-Talend_Job.Id!#$%&'*+^`|~": "42"])
        #expect(text.contains("X-Talend_Job.Id!#$%&'*+^`|~: 42\r\n"))
    }

    @Test(arguments: ["dir//ü", "dir//ü.CSV", "//é", "a/./ü//..//é.txt"])
    func contentTypesOfOddPathsDoNotTrap(name: String) {
        let expected = name.lowercased().hasSuffix(".csv") ? "text/csv"
            : name.hasSuffix(".txt") ? "text/plain" : "application/octet-stream"
        #expect(EmailAttachment.contentType(forFilename: name) == expected)
    }

    @Test func anAttachmentReadThroughADoubleSlashPathKeepsItsName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x,y\n".utf8).write(to: directory.appendingPathComponent("ü.csv"))
        let attachment = try EmailAttachment(contentsOfFile: directory.path + "//ü.csv")
        #expect(attachment.filename == "ü.csv")
        #expect(attachment.contentType == "text/csv")
        #expect(try render(attachments: [attachment]).contains("filename*=utf-8''%C3%BC.csv"))
    }

    @Test(arguments: ["-5", "0", "1e300", "99999999999999999999", "9223372036854775807"])
    func unusableSMTPTimeoutsAreTypedErrors(timeout: String) {
        let error = #expect(throws: EmailError.self) {
            try SMTPSettings(connection: nil, environment: ["AIRFLOW__SMTP__SMTP_TIMEOUT": timeout])
        }
        #expect(error?.code == .invalidSetting)
        #expect(throws: ConnectionError.self) {
            try SMTPConnection(GenericConnection(connID: "c", connType: "smtp", extra: ["timeout": .string(timeout)]))
        }
    }

    @Test func aHugeSMTPTimeoutFromAConnectionIsATypedError() {
        let error = #expect(throws: ConnectionError.self) {
            try SMTPConnection(GenericConnection(connID: "c", connType: "smtp", extra: ["timeout": .int(.max)]))
        }
        #expect(error?.message.contains("extra 'timeout'") == true)
    }
}
