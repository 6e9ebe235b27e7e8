import Foundation
import Synchronization
import Updraft
import UpdraftCurl

/// Adds credentials to API requests: a fixed token, a token file re-read every minute (rotating service-account
/// tokens), basic auth, or an exec plugin's token or client certificate cached until it expires. After a 401 the
/// caller ``invalidate()``s it so the next request re-reads or re-runs.
final class KubernetesAuthenticator: Sendable {
    /// How long a token read from a file is trusted before it is read again (client-go's period).
    static let tokenFileRefresh: TimeInterval = 60

    private struct Cache {
        var token: String?
        var readAt: Date?
        var exec: ExecCredentialPlugin.Credential?
    }

    let credentials: KubernetesCredentials
    private let baseTLS: UpdraftCurl.TLSConfiguration
    private let masker: SecretMasker?
    private let environment: [String: String]
    private let execTimeout: Duration
    private let clock: any UpdraftClock
    private let cache = Mutex(Cache())

    init(credentials: KubernetesCredentials, tls: UpdraftCurl.TLSConfiguration, masker: SecretMasker?,
         environment: [String: String] = ProcessInfo.processInfo.environment,
         execTimeout: Duration = ClusterConfiguration.defaultExecPluginTimeout, clock: any UpdraftClock = SystemClock()) {
        self.credentials = credentials
        self.baseTLS = tls
        self.masker = masker
        self.environment = environment
        self.execTimeout = execTimeout
        self.clock = clock
        switch credentials {
        case .token(let token):
            masker?.register(token)
        case .basic(let username, let password):
            masker?.register(password)
            // The header carries both in Base64: that form is as secret as the password.
            masker?.register(Self.basicValue(username: username, password: password))
        case .exec(let config, _, _):
            // Secrets handed to the plugin (a client secret in its env) may come back in its stderr.
            for entry in config.env ?? [] where SensitiveNames.isSensitive(entry.name) { masker?.register(entry.value) }
        default:
            break
        }
    }

    /// The Base64 of `username:password` that follows `Basic ` in the header.
    static func basicValue(username: String, password: String) -> String {
        Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Forgets cached credentials, so the next request reads the token file or runs the plugin again.
    func invalidate() {
        cache.withLock { $0 = Cache() }
    }

    /// Sets the `Authorization` header (and the client certificate of an exec plugin) on `request`.
    /// - Throws: ``KubernetesConfigError`` when a token file cannot be read or a plugin fails.
    func authorize(_ request: inout HTTPRequest) async throws {
        request.tls = baseTLS
        switch credentials {
        case .none:
            break
        case .token(let token):
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        case .basic(let username, let password):
            let encoded = Self.basicValue(username: username, password: password)
            request.headers.replaceOrAdd(name: "Authorization", value: "Basic \(encoded)")
        case .tokenFile(let path):
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(try fileToken(path))")
        case .exec(let config, let directory, let clusterInfo):
            let credential = try await execCredential(config, directory: directory, clusterInfo: clusterInfo)
            if let token = credential.token {
                request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
            } else if let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
                request.tls?.clientCertificate = .pem(Array(certificate.utf8))
                request.tls?.clientKey = .pem(Array(key.utf8))
            }
        }
    }

    private func fileToken(_ path: String) throws -> String {
        let now = Date()
        if let token = cache.withLock({ cache -> String? in
            guard let readAt = cache.readAt, now.timeIntervalSince(readAt) < Self.tokenFileRefresh else { return nil }
            return cache.token
        }) {
            return token
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            // A rotation in progress may briefly hide the file: keep the last good token if there is one.
            if let last = cache.withLock({ $0.token }) { return last }
            throw KubernetesConfigError(source: path, field: "tokenFile", "cannot read the token file")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw KubernetesConfigError(source: path, field: "tokenFile", "the token file is empty") }
        masker?.register(token)
        cache.withLock {
            $0.token = token
            $0.readAt = now
        }
        return token
    }

    private func execCredential(_ config: Kubeconfig.ExecConfig, directory: String?, clusterInfo: ExecClusterInfo?)
        async throws -> ExecCredentialPlugin.Credential
    {
        let now = Date()
        if let cached = cache.withLock({ $0.exec }), cached.expiration.map({ $0 > now }) ?? true {
            return cached
        }
        let credential = try await ExecCredentialPlugin(
            config: config, workingDirectory: directory, clusterInfo: clusterInfo, environment: environment,
            timeout: execTimeout, clock: clock, masker: masker
        ).run()
        if let token = credential.token { masker?.register(token) }
        if let key = credential.clientKeyPEM { masker?.register(key) }
        cache.withLock { $0.exec = credential }
        return credential
    }
}
