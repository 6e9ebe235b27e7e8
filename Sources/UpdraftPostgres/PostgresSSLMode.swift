/// Whether and how the connection to PostgreSQL is encrypted, as libpq's `sslmode` spells it.
///
/// | mode | encrypted | server certificate checked |
/// | --- | --- | --- |
/// | `disable` | never | — |
/// | `allow` | only when the server refuses an unencrypted connection | no |
/// | `prefer` (the default) | when the server offers TLS | no |
/// | `require` | always | no (as `verify-ca` when `sslrootcert` is given, like libpq) |
/// | `verify-ca` | always | signed by the `sslrootcert` authority |
/// | `verify-full` | always | signed by the authority and issued for the host connected to |
public enum PostgresSSLMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No TLS.
    case disable
    /// TLS only when the server refuses an unencrypted connection.
    case allow
    /// TLS when the server offers it, without checking its certificate.
    case prefer
    /// TLS always, without checking the certificate (unless `sslrootcert` is given).
    case require
    /// TLS with a certificate signed by the trusted authority.
    case verifyCA = "verify-ca"
    /// TLS with a certificate signed by the trusted authority and issued for the host name or address connected to.
    case verifyFull = "verify-full"

    /// The mode as libpq spells it.
    public var description: String { rawValue }

    /// Whether the server's certificate is checked against a trusted authority.
    var verifiesCertificate: Bool { self == .verifyCA || self == .verifyFull }
}
