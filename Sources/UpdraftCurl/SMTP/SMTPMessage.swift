/// A message to deliver: the SMTP envelope plus the finished message bytes (headers and MIME body, built by the
/// caller).
public struct SMTPMessage: Sendable, CustomStringConvertible {
    /// The envelope sender (`MAIL FROM`), a bare address such as `airflow@example.com`.
    public var sender: String
    /// The envelope recipients (`RCPT TO`), including Cc and Bcc addresses; bare addresses.
    public var recipients: [String]
    /// The message as sent after `DATA`: RFC 5322 headers, a blank line, the body. Lines should end in CRLF;
    /// libcurl escapes lines starting with a dot.
    public var data: [UInt8]

    /// Creates a message.
    public init(sender: String, recipients: [String], data: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.data = data
    }

    /// The envelope and the size, not the content.
    public var description: String {
        "SMTPMessage(from: \(sender), to: \(recipients.joined(separator: ", ")), \(data.count) bytes)"
    }
}
