import NIOCore
import NIOSSL

/// The certificate files a ``SandboxHTTPServer`` serves HTTPS with, and optionally the CA clients must be signed by.
public struct SandboxTLSConfiguration: Sendable {
    /// PEM file holding the server certificate, followed by any intermediates.
    public var certificateChainPEMFile: String
    /// PEM file holding the server's private key.
    public var privateKeyPEMFile: String
    /// When set, clients must present a certificate signed by a CA in this PEM file (mutual TLS).
    public var clientCATrustRootsPEMFile: String?

    /// Creates a TLS configuration from PEM files.
    /// - Parameters:
    ///   - certificateChainPEMFile: The server certificate (chain) file.
    ///   - privateKeyPEMFile: The server private key file.
    ///   - clientCATrustRootsPEMFile: The CA that signs client certificates; `nil` to not ask for one.
    public init(certificateChainPEMFile: String, privateKeyPEMFile: String, clientCATrustRootsPEMFile: String? = nil) {
        self.certificateChainPEMFile = certificateChainPEMFile
        self.privateKeyPEMFile = privateKeyPEMFile
        self.clientCATrustRootsPEMFile = clientCATrustRootsPEMFile
    }

    /// A TLS configuration serving `certificates`' server certificate; `requireClientCertificate` turns on mutual TLS
    /// against their CA.
    public init(certificates: SandboxCertificates, requireClientCertificate: Bool) {
        self.init(
            certificateChainPEMFile: certificates.serverCertificateFile,
            privateKeyPEMFile: certificates.serverKeyFile,
            clientCATrustRootsPEMFile: requireClientCertificate ? certificates.caCertificateFile : nil)
    }

    /// Loads the files into a server context; throws NIOSSL's error if a file is missing or not PEM.
    func makeServerContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChainPEMFile)
            .map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPEMFile, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(key))
        // Closing a connection sends close_notify and, by NIOSSL's default, waits 5 s for the client's: an idle
        // pooled client connection never answers, so every shutdown of a stand-in took 5 s.
        configuration.shutdownTimeout = .milliseconds(100)
        if let clientCATrustRootsPEMFile {
            // NIOSSL servers with verification on require a peer certificate (SSL_VERIFY_FAIL_IF_NO_PEER_CERT).
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .file(clientCATrustRootsPEMFile)
            configuration.sendCANameList = true
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
