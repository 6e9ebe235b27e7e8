import Foundation
import NIOSSL
import PostgresNIO
import Updraft

/// How the store's connections use TLS, decided from the URL's `sslmode` and `sslrootcert` as libpq decides.
struct PostgresTLS: Sendable {
    enum Use: Sendable {
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    var use: Use
    var configuration: TLSConfiguration

    /// The first choice for `url`; for `allow`, that is no TLS (see ``fallback``).
    /// - Throws: `RunStoreError.storage` when the trusted certificates cannot be read.
    init(_ url: PostgresDatabaseURL) throws(RunStoreError) {
        configuration = TLSConfiguration.makeClientConfiguration()
        let roots = try Self.trustRoots(url)
        switch url.sslMode {
        case .disable, .allow:
            use = .disable
        case .prefer:
            use = .prefer
            configuration.certificateVerification = .none
        case .require:
            use = .require
            // libpq: "if a root CA file exists, sslmode=require behaves like verify-ca".
            configuration.certificateVerification = roots == nil ? .none : .noHostnameVerification
        case .verifyCA:
            use = .require
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            use = .require
            configuration.certificateVerification = .fullVerification
        }
        if let roots { configuration.trustRoots = roots }
    }

    /// What `allow` tries when the server refused an unencrypted connection: TLS, certificate unchecked.
    var fallback: PostgresTLS {
        var tls = self
        tls.use = .require
        tls.configuration.certificateVerification = .none
        return tls
    }

    var clientTLS: PostgresClient.Configuration.TLS {
        switch use {
        case .disable: .disable
        case .prefer: .prefer(configuration)
        case .require: .require(configuration)
        }
    }

    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch use {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: configuration))
        case .require: .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// The authorities `sslrootcert` names, nil when none applies. `system` is the system's trust store; without
    /// `sslrootcert`, the verifying modes use `~/.postgresql/root.crt` as libpq does, and fail without it.
    private static func trustRoots(_ url: PostgresDatabaseURL) throws(RunStoreError) -> NIOSSLTrustRoots? {
        let location = url.description
        var path = url.sslRootCertificate
        if path == nil, url.sslMode.verifiesCertificate {
            let home = FileManager.default.homeDirectoryForCurrentUser.appending(path: ".postgresql/root.crt").path
            guard FileManager.default.fileExists(atPath: home) else {
                throw .storage(location: location, message: """
                    sslmode=\(url.sslMode) needs the certificate authority that signed the server's certificate: \
                    give sslrootcert=/path/to/ca.pem (or sslrootcert=system for the system's trust store)
                    """)
            }
            path = home
        }
        guard let path, url.sslMode != .disable else { return nil }
        if path == "system" { return .default }
        do {
            return .certificates(try NIOSSLCertificate.fromPEMFile(path))
        } catch {
            throw .storage(location: location, message: "cannot read the certificate authorities in sslrootcert "
                           + "'\(path)' (\(error)); give a PEM file")
        }
    }
}
