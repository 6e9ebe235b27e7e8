/// Where a certificate, CA bundle or private key comes from: a file, or PEM bytes in memory (the Kubernetes
/// kubeconfig `certificate-authority-data`, `client-certificate-data` and `client-key-data` fields, decoded).
public struct CertificateSource: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case file(String)
        case pem([UInt8])
    }

    let storage: Storage

    /// A PEM file on disk.
    public static func file(_ path: String) -> CertificateSource { CertificateSource(storage: .file(path)) }

    /// PEM text in memory (the decoded bytes, not base64 of them).
    public static func pem(_ bytes: [UInt8]) -> CertificateSource { CertificateSource(storage: .pem(bytes)) }

    /// The file path, or only the size of in-memory PEM (which may be a private key).
    public var description: String {
        switch storage {
        case .file(let path): "file(\(path))"
        case .pem(let bytes): "pem(\(bytes.count) bytes)"
        }
    }
}
