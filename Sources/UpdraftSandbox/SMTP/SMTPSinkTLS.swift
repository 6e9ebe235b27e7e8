/// How an ``SMTPSink`` offers TLS: upgraded with `STARTTLS` (RFC 3207, port 587 style) or from the first byte
/// (implicit TLS, "SMTPS", port 465 style), with a certificate such as ``SandboxCertificates`` makes.
public struct SMTPSinkTLS: Sendable {
    /// When the TLS handshake happens.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// The session starts in plain text and `EHLO` advertises `STARTTLS`; the client upgrades when it asks.
        case startTLS = "starttls"
        /// The client starts the TLS handshake as soon as it connects, before the greeting.
        case implicit
    }

    /// When the handshake happens.
    public var mode: Mode
    /// The server certificate and key (``SandboxTLSConfiguration/clientCATrustRootsPEMFile`` is ignored).
    public var certificates: SandboxTLSConfiguration
    /// With ``Mode/startTLS``: refuse `AUTH` and `MAIL` until the client has upgraded (`530 5.7.0`), to check that
    /// a client never sends credentials or mail in clear text.
    public var requireTLS: Bool

    /// Creates a TLS setting.
    /// - Parameters:
    ///   - mode: `STARTTLS` or implicit TLS.
    ///   - certificates: The server certificate and key files.
    ///   - requireTLS: Whether plain-text `AUTH`/`MAIL` are refused (only meaningful with `STARTTLS`).
    public init(mode: Mode, certificates: SandboxTLSConfiguration, requireTLS: Bool = false) {
        self.mode = mode
        self.certificates = certificates
        self.requireTLS = requireTLS
    }
}
