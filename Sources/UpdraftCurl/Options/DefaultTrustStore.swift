import Glibc

/// Where transfers that name no ``TLSConfiguration/trustRoots`` look for the CA certificates that may sign a
/// server's certificate.
///
/// By default a client reads the process environment exactly as the `curl` command-line tool does (libcurl
/// itself reads none of these): `CURL_CA_BUNDLE` names a CA file; without it, `SSL_CERT_DIR` names a directory of
/// hashed certificates; without that, `SSL_CERT_FILE` names a CA file. An empty variable counts as unset. With
/// none of them, libcurl's built-in bundle (the system's, for example `/etc/ssl/certs/ca-certificates.crt`)
/// applies. Explicit trust roots (an HTTP connection's `verify` path, a kubeconfig's CA) always win, and nothing
/// is read when verification is off.
public struct DefaultTrustStore: Sendable, Hashable, CustomStringConvertible {
    /// A PEM file of CA certificates that replaces libcurl's built-in bundle (`CURLOPT_CAINFO`).
    public var caFile: String?
    /// A directory of CA certificates named by subject hash, as `openssl rehash` prepares it (`CURLOPT_CAPATH`).
    public var caDirectory: String?

    /// Creates a trust store; with no arguments, libcurl's built-in bundle.
    public init(caFile: String? = nil, caDirectory: String? = nil) {
        self.caFile = caFile
        self.caDirectory = caDirectory
    }

    /// libcurl's built-in bundle, whatever the environment says.
    public static let builtIn = DefaultTrustStore()

    /// The variables the `curl` tool reads, in its order of precedence.
    public static let environmentVariables = ["CURL_CA_BUNDLE", "SSL_CERT_DIR", "SSL_CERT_FILE"]

    /// The trust store `environment` names, read as the `curl` tool reads it.
    public static func curlEnvironment(_ environment: [String: String]) -> DefaultTrustStore {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let bundle = value("CURL_CA_BUNDLE") { return DefaultTrustStore(caFile: bundle) }
        if let directory = value("SSL_CERT_DIR") { return DefaultTrustStore(caDirectory: directory) }
        return DefaultTrustStore(caFile: value("SSL_CERT_FILE"))
    }

    /// The trust store the process environment names, read now.
    public static var processEnvironment: DefaultTrustStore {
        var environment: [String: String] = [:]
        for name in environmentVariables {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return curlEnvironment(environment)
    }

    /// The file or directory, or `builtIn`.
    public var description: String {
        switch (caFile, caDirectory) {
        case (let file?, _): "caFile(\(file))"
        case (nil, let directory?): "caDirectory(\(directory))"
        case (nil, nil): "builtIn"
        }
    }
}
