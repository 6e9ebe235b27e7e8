import Foundation
import Updraft

/// Writes an ``EmailMessage`` as RFC 5322 headers and a MIME body:
/// `multipart/<subtype>` holding a `multipart/alternative` (plain text, then HTML) and one part per attachment.
struct MIMEWriter {
    let message: EmailMessage
    let defaultFrom: String

    /// Headers the MIME structure owns, or that must never be written (`Bcc`).
    private static let reservedHeaders: Set<String> = ["content-type", "content-transfer-encoding", "mime-version", "bcc"]

    func render() throws(EmailError) -> RenderedEmail {
        let sender = try EmailAddress(parsing: message.from ?? defaultFrom)
        let recipients = try message.envelopeRecipients()
        guard !recipients.isEmpty else { throw EmailError(.noRecipients, "the message has no To, Cc or Bcc recipient") }
        try HeaderText.rejectLineBreaks(message.subject, in: "subject")
        let subtype = try Self.token(message.mimeSubtype, what: "MIME subtype")
        let charset = try Self.token(message.mimeCharset, what: "MIME charset")
        let encoding = try Self.encoding(of: charset)
        let messageID = message.messageID ?? "\(UUID().uuidString.lowercased())@\(sender.domain)"
        try HeaderText.rejectLineBreaks(messageID, in: "Message-ID")

        var headers: [(name: String, value: String)] = [("From", sender.headerForm)]
        let to = try Self.addressList(message.to.addresses)
        if !to.isEmpty { headers.append(("To", to)) }
        let cc = try Self.addressList(message.cc.addresses)
        if !cc.isEmpty { headers.append(("Cc", cc)) }
        headers += [
            ("Subject", HeaderText.unstructured(message.subject)),
            ("Date", RFC5322Date.format(message.date ?? Date())),
            ("Message-ID", "<\(messageID)>"),
        ]
        for (name, value) in message.customHeaders.sorted(by: { $0.key < $1.key }) {
            try Self.validateCustomHeader(name: name, value: value)
            headers.removeAll { $0.name.lowercased() == name.lowercased() }
            headers.append((name, HeaderText.unstructured(value)))
        }
        let boundary = Self.boundary()
        headers += [("MIME-Version", "1.0"), ("Content-Type", "multipart/\(subtype); boundary=\"\(boundary)\"")]

        var text = headers.map { HeaderText.field($0.name, $0.value) }.joined() + "\r\n"
        text += "This is a multi-part message in MIME format.\r\n"
        text += "--\(boundary)\r\n" + (try alternativePart(charset: charset, encoding: encoding))
        for attachment in message.attachments {
            text += "--\(boundary)\r\n" + Self.attachmentPart(attachment)
        }
        text += "--\(boundary)--\r\n"
        return RenderedEmail(sender: sender.address, recipients: recipients, messageID: messageID, data: Array(text.utf8))
    }

    private func alternativePart(charset: String, encoding: String.Encoding) throws(EmailError) -> String {
        let boundary = Self.boundary()
        var text = HeaderText.field("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"") + "\r\n"
        let bodies = [("plain", HTMLText.plainText(fromHTML: message.htmlContent)), ("html", message.htmlContent)]
        for (subtype, body) in bodies {
            guard let bytes = body.data(using: encoding, allowLossyConversion: false) else {
                throw EmailError(.invalidMIMEParameter, "the body cannot be encoded in charset \(charset)")
            }
            text += "--\(boundary)\r\n"
            text += HeaderText.field("Content-Type", "text/\(subtype); charset=\"\(charset)\"")
            text += HeaderText.field("Content-Transfer-Encoding", "base64") + "\r\n"
            text += Self.base64Lines(bytes)
        }
        return text + "--\(boundary)--\r\n"
    }

    private static func attachmentPart(_ attachment: EmailAttachment) -> String {
        let contentType = attachment.contentType.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 }
            ? attachment.contentType : "application/octet-stream"
        var text = HeaderText.field("Content-Type", "\(contentType); \(parameter("name", attachment.filename))")
        text += HeaderText.field("Content-Transfer-Encoding", "base64")
        text += HeaderText.field("Content-Disposition", "attachment; \(parameter("filename", attachment.filename))")
        if HeaderText.isPlain(attachment.filename), !attachment.filename.contains(where: { "<>\"\\".contains($0) }) {
            text += HeaderText.field("Content-ID", "<\(attachment.filename)>")
        }
        return text + "\r\n" + base64Lines(attachment.data)
    }

    /// `name="value"` for plain ASCII values, else RFC 2231 `name*=utf-8''percent-encoded` (line breaks in a
    /// file name are thereby encoded, never written raw).
    private static func parameter(_ name: String, _ value: String) -> String {
        if HeaderText.isPlain(value) {
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(name)=\"\(escaped)\""
        }
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return "\(name)*=utf-8''\(value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")"
    }

    private static func base64Lines(_ bytes: Data) -> String {
        bytes.isEmpty ? "" : bytes.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                 .endLineWithLineFeed]) + "\r\n"
    }

    /// `=_` cannot occur in base64 or in the plain headers written here, so no part can contain the boundary.
    private static func boundary() -> String {
        "=_updraft_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
    }

    private static func addressList(_ addresses: [String]) throws(EmailError) -> String {
        var forms: [String] = []
        for text in addresses { forms.append(try EmailAddress(parsing: text).headerForm) }
        return forms.joined(separator: ", ")
    }

    private static func validateCustomHeader(name: String, value: String) throws(EmailError) {
        try HeaderText.rejectLineBreaks(name, in: "header name")
        try HeaderText.rejectLineBreaks(value, in: "value of header \(name)")
        // A token (RFC 9110 §5.6.2), which every mail and HTTP stack reads alike: no space, colon or separator.
        let tokenCharacters = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789")
            .union(CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if name.isEmpty {
            throw EmailError(.invalidHeader, "a custom header has an empty name")
        }
        if let bad = name.unicodeScalars.first(where: { !tokenCharacters.contains($0) }) {
            throw EmailError(.invalidHeader, "the header name \(EmailError.quoted(name)) contains "
                             + "\(EmailError.quoted(String(bad))) (U+\(String(bad.value, radix: 16, uppercase: true))); "
                             + "a header name is letters, digits and !#$%&'*+-.^_`|~ only")
        }
        guard !reservedHeaders.contains(name.lowercased()) else {
            throw EmailError(.invalidHeader, "the header \(name) cannot be set as a custom header")
        }
    }

    /// A MIME token (RFC 2045), lower-cased.
    private static func token(_ text: String, what: String) throws(EmailError) -> String {
        try HeaderText.rejectLineBreaks(text, in: what)
        let specials = Set("()<>@,;:\\\"/[]?=".unicodeScalars)
        guard !text.isEmpty,
              text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !specials.contains($0) })
        else { throw EmailError(.invalidMIMEParameter, "\(EmailError.quoted(text)) is not a valid \(what)") }
        return text.lowercased()
    }

    private static func encoding(of charset: String) throws(EmailError) -> String.Encoding {
        switch charset {
        case "utf-8", "utf8": return .utf8
        case "us-ascii", "ascii": return .ascii
        case "iso-8859-1", "latin1", "latin-1": return .isoLatin1
        case "windows-1252", "cp1252": return .windowsCP1252
        default: throw EmailError(.invalidMIMEParameter, "charset \(charset) is not supported")
        }
    }
}
