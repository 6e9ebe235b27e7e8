public import Updraft
public import UpdraftCurl

/// The SMTP server could not be reached or did not accept a message: the transport's error, the server it came
/// from, and, when a setting is the likely cause, which one to change.
///
/// A refusal that only a person can fix (login denied, STARTTLS not offered, a certificate not trusted, a `5xx`
/// rejection of the sender or a recipient) is ``isPermanent``, so the ``EmailOperator`` fails its try at once; a
/// connection that failed or dropped, a timeout or a `4xx` reply may heal and is retried with the task.
public struct SMTPDeliveryError: Error, Sendable, CustomStringConvertible, RetryClassifiedError {
    /// The transport's error: its `code` tells the kind, its `serverResponse` the server's reply line.
    public var underlying: CurlError
    /// The server, `host:port`.
    public var server: String
    /// How many sends were attempted.
    public var attempts: Int

    /// Creates an error.
    public init(underlying: CurlError, server: String, attempts: Int) {
        self.underlying = underlying
        self.server = server
        self.attempts = attempts
    }

    /// The kind of failure (`loginDenied`, `tlsUnavailable`, `recipientRejected`, `couldNotConnect`, …).
    public var code: CurlError.Code { underlying.code }

    /// What to change when a setting is the likely cause, else nil.
    public var hint: String? {
        switch code {
        case .tlsUnavailable:
            """
            the server does not offer STARTTLS: to send in clear text set AIRFLOW__SMTP__SMTP_STARTTLS=False (or \
            the smtp connection's extra "disable_tls": true); for a server that speaks TLS from the first byte set \
            AIRFLOW__SMTP__SMTP_SSL=True instead
            """
        case .loginDenied:
            """
            the server refused the login: check AIRFLOW__SMTP__SMTP_USER and AIRFLOW__SMTP__SMTP_PASSWORD, or the \
            smtp connection's login and password
            """
        case .tlsVerifyFailed, .tlsCertificateProblem:
            """
            the server's certificate is not trusted: add its CA to SSL_CERT_FILE or CURL_CA_BUNDLE, or set the \
            smtp connection's extra "ssl_context": "none" (no verification) for a test server
            """
        default:
            nil
        }
    }

    /// Login denied, no STARTTLS, an untrusted certificate, an unusable request, or a `5xx` rejection of the
    /// envelope (RFC 5321: permanent); not connection failures, timeouts or `4xx` replies.
    public var isPermanent: Bool {
        switch code {
        case .loginDenied, .tlsUnavailable, .tlsVerifyFailed, .tlsCertificateProblem, .invalidRequest,
             .unsupportedProtocol:
            true
        case .senderRejected, .recipientRejected:
            underlying.serverResponse?.hasPrefix("5") ?? true
        default:
            false
        }
    }

    public var description: String {
        var text = "SMTP delivery through \(server) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): " +
            "\(underlying)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension EmailError: RetryClassifiedError {
    /// A message that cannot be built never can be; an attachment that cannot be read yet may appear later.
    public var isPermanent: Bool { code != .attachmentUnreadable }
}
