/// TLS settings for one request or SMTP server. Verification of the server is on by default.
public struct TLSConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The CAs that may sign the server's certificate; `nil` means the system trust store.
    public var trustRoots: CertificateSource?
    /// The client certificate to present (mutual TLS), in PEM.
    public var clientCertificate: CertificateSource?
    /// The private key of ``clientCertificate``, in PEM.
    public var clientKey: CertificateSource?
    /// The password of an encrypted ``clientKey``. Never printed.
    public var clientKeyPassword: String?
    /// The name to verify the server certificate against and to send as SNI, when it differs from the URL's
    /// host (kubeconfig `tls-server-name`, or a cluster reached by IP address). The `Host` header keeps the
    /// URL's host.
    public var serverName: String?
    /// Turns OFF verification of the server's certificate and host name. Anyone on the path can then read
    /// and change the traffic: only for throwaway test clusters (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool

    /// Creates a TLS configuration; with no arguments, verification against the system trust store.
    public init(
        trustRoots: CertificateSource? = nil, clientCertificate: CertificateSource? = nil,
        clientKey: CertificateSource? = nil, clientKeyPassword: String? = nil, serverName: String? = nil,
        insecureSkipTLSVerify: Bool = false
    ) {
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.clientKeyPassword = clientKeyPassword
        self.serverName = serverName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }

    /// Verification against the system trust store.
    public static let `default` = TLSConfiguration()

    /// The settings, without key material or password.
    public var description: String {
        var parts: [String] = []
        if let trustRoots { parts.append("trustRoots: \(trustRoots)") }
        if let clientCertificate { parts.append("clientCertificate: \(clientCertificate)") }
        if let clientKey { parts.append("clientKey: \(clientKey)") }
        if clientKeyPassword != nil { parts.append("clientKeyPassword: <redacted>") }
        if let serverName { parts.append("serverName: \(serverName)") }
        if insecureSkipTLSVerify { parts.append("insecureSkipTLSVerify: true") }
        return "TLSConfiguration(\(parts.joined(separator: ", ")))"
    }
}
