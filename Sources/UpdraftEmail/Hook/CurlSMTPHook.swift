public import Logging
public import Updraft
public import UpdraftCurl

/// The live ``SMTPHook``: renders messages with ``EmailMessage/render(defaultFrom:)`` and delivers them over
/// libcurl with STARTTLS, implicit TLS or clear text, `AUTH` when credentials are set, and the timeouts of its
/// ``SMTPSettings``.
///
/// A send that fails because the connection could not be made or dropped is attempted again at once, up to
/// ``SMTPSettings/retryLimit`` attempts in all (Airflow reconnects on `SMTPServerDisconnected` the same way); a
/// refusal (login, sender, recipient, TLS) fails at once. As with Airflow, a connection lost after the server
/// received the data but before it answered can deliver the message twice. Failures are ``SMTPDeliveryError``s
/// naming the server and, for a refused STARTTLS or login, the setting to change.
public struct CurlSMTPHook: SMTPHook, CustomStringConvertible {
    /// Where and how to send.
    public let settings: SMTPSettings
    private let client: CurlClient
    private let logger: Logger

    /// Creates the hook and registers the password with `masker`.
    /// - Parameters:
    ///   - settings: the server, credentials and defaults.
    ///   - client: the libcurl client (the process-wide one by default).
    ///   - masker: receives the password, so it is masked in every log line and error.
    ///   - logger: receives one line per delivery and per retried attempt.
    public init(
        settings: SMTPSettings, client: CurlClient = .shared, masker: SecretMasker? = nil,
        logger: Logger = Logger(label: "updraft.email")
    ) {
        self.settings = settings
        self.client = client
        self.logger = logger
        if let password = settings.password { masker?.register(password) }
    }

    /// Delivers `message`.
    /// - Throws: ``EmailError`` for an invalid message; ``SMTPDeliveryError`` (`.loginDenied`,
    ///   `.recipientRejected`, `.tlsUnavailable`, a connection failure…) with the last attempt's transport error;
    ///   `CancellationError` when the calling task is cancelled.
    public func send(_ message: EmailMessage) async throws -> EmailReceipt {
        let rendered = try message.render(defaultFrom: settings.fromEmail)
        let smtpMessage = SMTPMessage(sender: rendered.sender, recipients: rendered.recipients, data: rendered.data)
        let server = settings.server
        let attempts = max(1, settings.retryLimit)
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                let receipt = try await client.send(smtpMessage, to: server)
                logger.info("email delivered", metadata: [
                    "message_id": "\(rendered.messageID)", "recipients": "\(rendered.recipients.count)",
                    "server": "\(settings.host):\(settings.port)", "attempt": "\(attempt)",
                ])
                return EmailReceipt(messageID: rendered.messageID, recipients: receipt.recipients,
                                    serverResponse: receipt.serverResponse)
            } catch let error as CurlError where Self.isDisconnect(error) && attempt < attempts {
                logger.warning("SMTP attempt \(attempt) of \(attempts) failed, retrying: \(error)")
                attempt += 1
            } catch let error as CurlError {
                if error.code == .cancelled { throw CancellationError() }
                throw SMTPDeliveryError(underlying: error, server: "\(settings.host):\(settings.port)",
                                        attempts: attempt)
            }
        }
    }

    /// Failures where the server never answered or the connection dropped: worth reconnecting.
    private static func isDisconnect(_ error: CurlError) -> Bool {
        [.couldNotConnect, .sendFailed, .receiveFailed].contains(error.code)
    }

    /// The settings, without the password.
    public var description: String { "CurlSMTPHook(\(settings))" }
}
