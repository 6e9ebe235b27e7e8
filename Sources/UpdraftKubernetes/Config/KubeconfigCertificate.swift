import Foundation
import UpdraftCurl

/// Reads the certificate and key fields of a kubeconfig (`certificate-authority[-data]`,
/// `client-certificate[-data]`, `client-key[-data]`): `*-data` is Base64 of PEM and wins over the file variant.
enum KubeconfigCertificate {
    /// What a field must hold.
    enum Content {
        case certificate
        case privateKey

        /// The PEM block types accepted.
        var markers: [String] {
            switch self {
            case .certificate: ["-----BEGIN CERTIFICATE-----"]
            case .privateKey: ["-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----",
                               "-----BEGIN EC PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"]
            }
        }
    }

    /// The source of a field pair, or `nil` when neither is set.
    /// - Throws: ``KubernetesConfigError`` naming `field-data` when the data is not Base64 or not PEM of the
    ///   expected kind, or `field` when the file cannot be read. The value itself is never shown.
    static func source(data: String?, file: String?, source: String, field: String, expecting content: Content) throws
        -> CertificateSource?
    {
        if let data, !data.isEmpty {
            let compact = String(data.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
                .map(Character.init))
            guard let bytes = Data(base64Encoded: compact) else {
                throw KubernetesConfigError(
                    source: source, field: "\(field)-data",
                    "not valid Base64 (the field holds the Base64 of a PEM file, e.g. `base64 -w0 file.pem`)")
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard content.markers.contains(where: text.contains) else {
                throw KubernetesConfigError(
                    source: source, field: "\(field)-data",
                    "the Base64 does not decode to a PEM \(content == .certificate ? "certificate" : "private key") "
                        + "(expected a line \(content.markers[0]))")
            }
            return .pem(Array(bytes))
        }
        guard let file, !file.isEmpty else { return nil }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw KubernetesConfigError(source: source, field: field, "cannot read \(file)")
        }
        return .file(file)
    }
}
