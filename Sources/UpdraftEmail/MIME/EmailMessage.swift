public import Foundation
public import Updraft

/// An email to send, in Airflow's terms: recipients, subject, HTML content, attachments and MIME options.
///
/// ``render(defaultFrom:)`` turns it into the bytes sent after SMTP `DATA`; Bcc recipients go only into the
/// envelope.
public struct EmailMessage: Sendable, Hashable {
    /// The sender, `addr` or `Name <addr>`; `nil` uses the hook's ``SMTPSettings/fromEmail``.
    public var from: String?
    /// The `To` recipients.
    public var to: EmailRecipients
    /// The `Cc` recipients.
    public var cc: EmailRecipients
    /// Blind copies: envelope recipients that appear in no header.
    public var bcc: EmailRecipients
    /// The subject (any Unicode; no line breaks).
    public var subject: String
    /// The HTML body; a plain-text alternative is derived from it.
    public var htmlContent: String
    /// Files to attach.
    public var attachments: [EmailAttachment]
    /// The subtype of the top-level multipart (`mixed` by default, Airflow's `mime_subtype`).
    public var mimeSubtype: String
    /// The charset of the body parts (`utf-8` by default; also `us-ascii`, `iso-8859-1`, `windows-1252`).
    public var mimeCharset: String
    /// Extra headers, set after the standard ones (a header of the same name replaces the standard one).
    /// `Content-Type`, `Content-Transfer-Encoding`, `MIME-Version` and `Bcc` cannot be set.
    public var customHeaders: [String: String]
    /// The `Date` header; the time of rendering when `nil`.
    public var date: Date?
    /// The `Message-ID` without angle brackets; generated when `nil`.
    public var messageID: String?

    /// Creates a message.
    public init(
        from: String? = nil, to: EmailRecipients, cc: EmailRecipients = [], bcc: EmailRecipients = [],
        subject: String, htmlContent: String, attachments: [EmailAttachment] = [], mimeSubtype: String = "mixed",
        mimeCharset: String = "utf-8", customHeaders: [String: String] = [:], date: Date? = nil,
        messageID: String? = nil
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.htmlContent = htmlContent
        self.attachments = attachments
        self.mimeSubtype = mimeSubtype
        self.mimeCharset = mimeCharset
        self.customHeaders = customHeaders
        self.date = date
        self.messageID = messageID
    }

    /// Every envelope recipient (To, Cc, then Bcc), bare and without duplicates.
    /// - Throws: ``EmailError`` for an invalid address.
    public func envelopeRecipients() throws(EmailError) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for text in to.addresses + cc.addresses + bcc.addresses {
            let address = try EmailAddress(parsing: text).address
            if seen.insert(address.lowercased()).inserted { result.append(address) }
        }
        return result
    }

    /// Builds the message: headers and MIME body, CRLF line endings, ready for SMTP `DATA`.
    /// - Parameter defaultFrom: the sender when ``from`` is `nil`.
    /// - Throws: ``EmailError``: `headerInjection` for a line break in the subject, an address or a header;
    ///   `invalidAddress`, `noRecipients`, `invalidHeader`, `invalidMIMEParameter`.
    public func render(defaultFrom: String) throws(EmailError) -> RenderedEmail {
        try MIMEWriter(message: self, defaultFrom: defaultFrom).render()
    }
}

/// A message ready for SMTP: envelope and bytes.
public struct RenderedEmail: Sendable, Hashable {
    /// The envelope sender (`MAIL FROM`), a bare address.
    public var sender: String
    /// The envelope recipients (`RCPT TO`): To, Cc and Bcc, bare.
    public var recipients: [String]
    /// The `Message-ID`, without angle brackets.
    public var messageID: String
    /// Headers, a blank line and the MIME body, with CRLF line endings.
    public var data: [UInt8]

    /// Creates a rendered message.
    public init(sender: String, recipients: [String], messageID: String, data: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.messageID = messageID
        self.data = data
    }
}
