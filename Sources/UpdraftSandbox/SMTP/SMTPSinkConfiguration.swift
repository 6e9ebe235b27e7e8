/// How an ``SMTPSink`` authenticates, limits and stores mail.
public struct SMTPSinkConfiguration: Sendable {
    /// The name the sink greets with and answers `EHLO` with.
    public var hostname: String
    /// The user name and password `AUTH PLAIN`/`AUTH LOGIN` accept; `nil` to not offer `AUTH`.
    public var credentials: (username: String, password: String)?
    /// When true (and credentials are set), `MAIL FROM` before a successful `AUTH` gets 530.
    public var requiresAuthentication: Bool
    /// The largest message accepted, in bytes; a larger one gets 552 (also advertised as `SIZE`).
    public var maximumMessageSize: Int
    /// Recipients answered with 550 (mailbox unavailable), to exercise clients' error paths.
    public var rejectedRecipients: Set<String>
    /// When set, each accepted message is also written there as an `.eml` file.
    public var mailDirectory: String?
    /// `STARTTLS` or implicit TLS; `nil` for plain text only.
    public var tls: SMTPSinkTLS?

    /// Creates a configuration; by default plain text, no authentication, a 10 MiB limit and no mail directory.
    /// - Parameters:
    ///   - hostname: The name in the greeting and the `EHLO` reply.
    ///   - credentials: The only user name and password `AUTH` accepts; `nil` to not offer `AUTH`.
    ///   - requiresAuthentication: Whether `MAIL FROM` needs a successful `AUTH` first.
    ///   - maximumMessageSize: The largest message accepted, in bytes.
    ///   - rejectedRecipients: Addresses `RCPT TO` refuses with 550.
    ///   - mailDirectory: Where to write each message as `.eml`; `nil` for memory only.
    ///   - tls: `STARTTLS` or implicit TLS; `nil` for plain text.
    public init(
        hostname: String = "updraft-sandbox", credentials: (username: String, password: String)? = nil,
        requiresAuthentication: Bool = false, maximumMessageSize: Int = 10 * 1024 * 1024,
        rejectedRecipients: Set<String> = [], mailDirectory: String? = nil, tls: SMTPSinkTLS? = nil
    ) {
        self.hostname = hostname
        self.credentials = credentials
        self.requiresAuthentication = requiresAuthentication
        self.maximumMessageSize = maximumMessageSize
        self.rejectedRecipients = rejectedRecipients
        self.mailDirectory = mailDirectory
        self.tls = tls
    }
}
