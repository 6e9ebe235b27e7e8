import Foundation
import Updraft
import UpdraftEmail

/// Email messages built from hostile fields, one per line of the input: from, to, cc, subject, a custom header's
/// name and value, an attachment's path, and the HTML body.
enum EmailFuzzing {
    static let standardHeaders: Set<String> = [
        "from", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type",
    ]

    static func email(_ input: FuzzInput) {
        let fields = input.fields(8)
        for text in fields.prefix(3) { address(text) }
        let (headerName, path, html) = (fields[4], fields[6], fields[7])
        // How `EmailOperator` names a file it attaches.
        let filename = URL(fileURLWithPath: path).lastPathComponent
        let message = EmailMessage(
            from: fields[0].isEmpty ? nil : fields[0], to: EmailRecipients(fields[1]), cc: EmailRecipients(fields[2]),
            subject: fields[3], htmlContent: html,
            attachments: [EmailAttachment(filename: filename, data: Data(html.utf8.prefix(64)))],
            customHeaders: headerName.isEmpty ? [:] : [headerName: fields[5]],
            date: Date(timeIntervalSince1970: 1_790_000_000), messageID: "fuzz@example.com")
        guard let rendered = try? message.render(defaultFrom: "airflow@example.com") else { return }
        checkHeaders(rendered.data, allowed: standardHeaders.union([headerName.lowercased()]))
    }

    /// A parsed address shows as ASCII and reads back as the same address.
    static func address(_ text: String) {
        guard let address = try? EmailAddress(parsing: text) else { return }
        let form = address.headerForm
        require(form.unicodeScalars.allSatisfy(\.isASCII), "the address \(text) shows as non-ASCII \(form)")
        let again = try? EmailAddress(parsing: form)
        require(again?.address == address.address, "\(text) shows as \(form), which reads back as \(String(describing: again))")
    }

    /// The header block is printable ASCII in CRLF lines, each a continuation or an expected field.
    static func checkHeaders(_ data: [UInt8], allowed: Set<String>) {
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return require(false, "no end of headers in \(text)") }
        let block = text[..<end.lowerBound]
        for line in block.components(separatedBy: "\r\n") {
            require(!line.isEmpty, "an empty line inside the headers")
            require(line.unicodeScalars.allSatisfy { ($0.value >= 32 && $0.value < 127) || $0 == "\t" },
                    "a header line holds a control or non-ASCII character: \(line.debugDescription)")
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                require(!line.allSatisfy { $0 == " " || $0 == "\t" }, "a folded line of only blanks")
                continue
            }
            let name = line.prefix { $0 != ":" }.lowercased()
            require(line.contains(":") && allowed.contains(name), "an unexpected header line: \(line.debugDescription)")
        }
    }
}
