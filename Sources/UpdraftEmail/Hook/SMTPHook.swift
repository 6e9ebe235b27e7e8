public import Updraft

/// Sends emails through one SMTP connection (Airflow's `SmtpHook`). ``CurlSMTPHook`` is the live one;
/// `MockSMTPHook` in UpdraftTesting records messages for tests.
///
/// Operators obtain it from their context by connection id:
/// ```swift
/// let hook = try context.hooks.hook((any SMTPHook).self, connID: "smtp_default") { connection in ... }
/// ```
public protocol SMTPHook: Hook {
    /// Renders and delivers `message`; a message without ``EmailMessage/from`` is sent from the hook's default
    /// sender.
    /// - Returns: what the server accepted.
    /// - Throws: ``EmailError`` when the message is invalid (nothing is sent), or the transport's error when the
    ///   server cannot be reached or refuses the message.
    func send(_ message: EmailMessage) async throws -> EmailReceipt
}

/// What the server accepted.
public struct EmailReceipt: Sendable, Hashable {
    /// The `Message-ID`, without angle brackets.
    public var messageID: String
    /// The envelope recipients, To, Cc and Bcc.
    public var recipients: [String]
    /// The server's final reply, for example `250 OK queued as 4BqY2m`, when known.
    public var serverResponse: String?

    /// Creates a receipt.
    public init(messageID: String, recipients: [String], serverResponse: String? = nil) {
        self.messageID = messageID
        self.recipients = recipients
        self.serverResponse = serverResponse
    }
}
