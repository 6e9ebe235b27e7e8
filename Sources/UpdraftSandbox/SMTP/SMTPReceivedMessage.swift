/// A message the ``SMTPSink`` accepted: the SMTP envelope and the message bytes as sent (dot-unstuffed).
public struct SMTPReceivedMessage: Sendable {
    /// The `MAIL FROM` address (empty for the null sender `<>`).
    public var from: String
    /// The accepted `RCPT TO` addresses, in order.
    public var recipients: [String]
    /// The message (headers and body) with CRLF line ends, without the terminating `.` line.
    public var data: [UInt8]
    /// The user name the client authenticated as, if it did.
    public var authenticatedUser: String?
    /// Whether the session was encrypted (implicit TLS, or after `STARTTLS`) when the message was sent.
    public var overTLS: Bool
    /// Where the message was written as an `.eml` file, when the sink has a mail directory.
    public var file: String?

    /// The message as UTF-8 text.
    public var text: String { String(decoding: data, as: UTF8.self) }
}
