public import Foundation
import UpdraftCurl
import Yams

/// Reads kubeconfig files the way `kubectl` (client-go) does: the `KUBECONFIG` list merged with the first file
/// defining a name winning, `~/.kube/config` otherwise, relative paths resolved against the file that holds them,
/// then one context turned into a ``ClusterConfiguration``.
public enum KubeconfigLoader {
    /// Parses kubeconfig YAML (or JSON) text. Relative paths are resolved against `directory` when given (`~/` against
    /// `homeDirectory`, by default kubectl's `$HOME`).
    /// - Throws: ``KubernetesConfigError`` naming `source` when the text is not a kubeconfig.
    public static func parse(_ text: String, source: String, directory: String? = nil, homeDirectory: String? = nil)
        throws -> Kubeconfig
    {
        let config: Kubeconfig
        do {
            config = try YAMLDecoder().decode(Kubeconfig.self, from: text)
        } catch {
            throw KubernetesConfigError(source: source, "not a valid kubeconfig: \(describe(error))")
        }
        guard let directory else { return config }
        return resolvingPaths(
            config, against: directory,
            homeDirectory: homeDirectory ?? KubeconfigPath.home(ProcessInfo.processInfo.environment))
    }

    /// Reads one kubeconfig file (an explicit `configFile` must exist; it is not merged with others).
    /// - Parameters:
    ///   - path: The file; a leading `~/` means `homeDirectory`.
    ///   - homeDirectory: Where `~` points; `nil` for kubectl's (`$HOME`).
    /// - Throws: ``KubernetesConfigError`` when the file cannot be read or parsed.
    public static func load(file path: String, homeDirectory: String? = nil) throws -> Kubeconfig {
        let homeDirectory = homeDirectory ?? KubeconfigPath.home(ProcessInfo.processInfo.environment)
        let expanded = KubeconfigPath.expandingTilde(path, home: homeDirectory)
        guard let text = try? String(contentsOfFile: expanded, encoding: .utf8) else {
            throw KubernetesConfigError(source: expanded, "cannot read the kubeconfig file")
        }
        return try parse(text, source: expanded, directory: KubeconfigPath.directory(of: expanded),
                         homeDirectory: homeDirectory)
    }

    /// The default kubeconfig: the files of `KUBECONFIG` (`:`-separated; duplicates, empty entries and missing
    /// files skipped) merged, or `$HOME/.kube/config` (as kubectl) when the variable is unset or empty.
    /// - Returns: The merged configuration and the files it came from.
    /// - Throws: ``KubernetesConfigError`` when no file exists or one cannot be parsed.
    public static func loadDefault(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   homeDirectory: String? = nil) throws -> (Kubeconfig, files: [String]) {
        let home = homeDirectory ?? KubeconfigPath.home(environment)
        var files: [String] = []
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            for entry in list.split(separator: ":").map(String.init) where !entry.isEmpty && !files.contains(entry) {
                files.append(entry)
            }
        } else {
            files = [KubeconfigPath.join(home, ".kube/config")]
        }
        let existing = files.filter { FileManager.default.fileExists(atPath: $0) }
        guard !existing.isEmpty else {
            throw KubernetesConfigError(
                source: environment["KUBECONFIG"].map { "KUBECONFIG=\($0)" } ?? files[0],
                "no kubeconfig file found (looked for \(files.joined(separator: ", ")))")
        }
        return (merge(try existing.map { try load(file: $0, homeDirectory: home) }), existing)
    }

    /// Merges kubeconfigs as client-go does: for clusters, users and contexts the first file defining a name wins
    /// whole; the first `current-context` set wins.
    public static func merge(_ configs: [Kubeconfig]) -> Kubeconfig {
        func firstWins<V>(_ lists: [[Kubeconfig.Named<V>]?]) -> [Kubeconfig.Named<V>] {
            var seen = Set<String>()
            return lists.flatMap { $0 ?? [] }.filter { seen.insert($0.name).inserted }
        }
        return Kubeconfig(
            currentContext: configs.lazy.compactMap { $0.currentContext.flatMap { $0.isEmpty ? nil : $0 } }.first,
            clusters: firstWins(configs.map(\.clusters)), users: firstWins(configs.map(\.users)),
            contexts: firstWins(configs.map(\.contexts)))
    }

    /// The configuration of one context: `context`, else the kubeconfig's `current-context`.
    /// - Throws: ``KubernetesConfigError`` naming `source` and the missing or inconsistent field.
    public static func clusterConfiguration(from config: Kubeconfig, context: String?, source: String) throws
        -> ClusterConfiguration
    {
        guard let contextName = context ?? config.currentContext, !contextName.isEmpty else {
            throw KubernetesConfigError(source: source, field: "current-context",
                                        "no current-context is set and no cluster context was given")
        }
        guard let contextIndex = config.contexts?.firstIndex(where: { $0.name == contextName }),
            let selected = config.contexts?[contextIndex].value
        else {
            let known = (config.contexts ?? []).map(\.name).joined(separator: ", ")
            throw KubernetesConfigError(source: source, field: "contexts",
                                        "context '\(contextName)' not found (available: \(known.isEmpty ? "none" : known))")
        }
        let contextField = "contexts[\(contextIndex)].context"
        guard let clusterIndex = config.clusters?.firstIndex(where: { $0.name == selected.cluster }),
            let cluster = config.clusters?[clusterIndex].value
        else {
            throw KubernetesConfigError(source: source, field: "\(contextField).cluster",
                                        "cluster '\(selected.cluster)' not found")
        }
        let clusterField = "clusters[\(clusterIndex)].cluster"
        guard let server = cluster.server, !server.isEmpty else {
            throw KubernetesConfigError(source: source, field: "\(clusterField).server", "missing")
        }
        var user = Kubeconfig.User()
        var userField = "\(contextField).user"
        if let userName = selected.user, !userName.isEmpty {
            guard let userIndex = config.users?.firstIndex(where: { $0.name == userName }),
                let found = config.users?[userIndex].value
            else {
                throw KubernetesConfigError(source: source, field: userField, "user '\(userName)' not found")
            }
            user = found
            userField = "users[\(userIndex)].user"
        }
        var tls = try serverTLS(cluster, source: source, field: clusterField)
        tls.clientCertificate = try KubeconfigCertificate.source(
            data: user.clientCertificateData, file: user.clientCertificate, source: source,
            field: "\(userField).client-certificate", expecting: .certificate)
        tls.clientKey = try KubeconfigCertificate.source(
            data: user.clientKeyData, file: user.clientKey, source: source, field: "\(userField).client-key",
            expecting: .privateKey)
        if (tls.clientCertificate == nil) != (tls.clientKey == nil) {
            throw KubernetesConfigError(source: source, field: userField,
                                        "a client certificate needs both the certificate and the key")
        }
        let info = ExecClusterInfo(server: server, certificateAuthorityData: cluster.certificateAuthorityData,
                                   insecureSkipTLSVerify: cluster.insecureSkipTLSVerify ?? false)
        return ClusterConfiguration(
            server: server, tls: tls, proxy: cluster.proxyURL.map { .proxy(url: $0) } ?? .environment,
            credentials: try credentials(user, clusterInfo: info, source: source, field: userField),
            namespace: selected.namespace.flatMap { $0.isEmpty ? nil : $0 },
            source: "\(source), context \(contextName)")
    }

    private static func serverTLS(_ cluster: Kubeconfig.Cluster, source: String, field: String) throws
        -> TLSConfiguration
    {
        let roots = try KubeconfigCertificate.source(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority, source: source,
            field: "\(field).certificate-authority", expecting: .certificate)
        let insecure = cluster.insecureSkipTLSVerify ?? false
        if insecure, roots != nil {
            throw KubernetesConfigError(source: source, field: "\(field).insecure-skip-tls-verify",
                                        "specifying a root certificates file with the insecure flag is not allowed")
        }
        return TLSConfiguration(trustRoots: roots, serverName: cluster.tlsServerName, insecureSkipTLSVerify: insecure)
    }

    private static func credentials(_ user: Kubeconfig.User, clusterInfo: ExecClusterInfo, source: String,
                                    field: String) throws -> KubernetesCredentials {
        let hasBasic = !(user.username ?? "").isEmpty || !(user.password ?? "").isEmpty
        let hasToken = !(user.token ?? "").isEmpty || !(user.tokenFile ?? "").isEmpty
        if hasBasic, hasToken {
            throw KubernetesConfigError(source: source, field: field,
                                        "username/password or bearer token may be set, but not both")
        }
        if let tokenFile = user.tokenFile, !tokenFile.isEmpty { return .tokenFile(tokenFile) }
        if let token = user.token, !token.isEmpty { return .token(token) }
        if hasBasic { return .basic(username: user.username ?? "", password: user.password ?? "") }
        if let exec = user.exec {
            try validate(exec, source: source, field: "\(field).exec")
            return .exec(exec, workingDirectory: nil,
                         clusterInfo: exec.provideClusterInfo == true ? clusterInfo : nil)
        }
        if let provider = user.authProvider {
            guard provider.name == "oidc", let idToken = provider.config?["id-token"], !idToken.isEmpty else {
                throw KubernetesConfigError(
                    source: source, field: "\(field).auth-provider",
                    "auth provider '\(provider.name)' is not supported (only oidc with an id-token); use an exec plugin")
            }
            return .token(idToken)
        }
        return .none
    }

    private static func validate(_ exec: Kubeconfig.ExecConfig, source: String, field: String) throws {
        guard let version = exec.apiVersion, ExecCredentialPlugin.supportedVersions.contains(version) else {
            throw KubernetesConfigError(
                source: source, field: "\(field).apiVersion",
                "'\(exec.apiVersion ?? "")' is not supported; use \(ExecCredentialPlugin.supportedVersions.joined(separator: " or "))")
        }
        if version.hasSuffix("/v1"), (exec.interactiveMode ?? "").isEmpty {
            throw KubernetesConfigError(source: source, field: "\(field).interactiveMode",
                                        "interactiveMode must be specified to use exec authentication plugin v1")
        }
        guard !exec.command.isEmpty else {
            throw KubernetesConfigError(source: source, field: "\(field).command", "missing")
        }
    }

    /// Makes the file references of `config` absolute against `directory` (the directory of the file that holds
    /// them), as client-go's `ResolveLocalPaths`; an exec command only when it contains a `/`.
    static func resolvingPaths(_ config: Kubeconfig, against directory: String, homeDirectory: String) -> Kubeconfig {
        func absolute(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return path }
            return KubeconfigPath.join(directory, KubeconfigPath.expandingTilde(path, home: homeDirectory))
        }
        var result = config
        result.clusters = config.clusters?.map { entry in
            var entry = entry
            entry.value.certificateAuthority = absolute(entry.value.certificateAuthority)
            return entry
        }
        result.users = config.users?.map { entry in
            var entry = entry
            entry.value.clientCertificate = absolute(entry.value.clientCertificate)
            entry.value.clientKey = absolute(entry.value.clientKey)
            entry.value.tokenFile = absolute(entry.value.tokenFile)
            if let command = entry.value.exec?.command, command.contains("/") {
                entry.value.exec?.command = absolute(command) ?? command
            }
            return entry
        }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.keyNotFound(let key, let context) = error {
            return "missing \(path(context.codingPath + [key]))"
        }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "wrong type at \(path(context.codingPath))"
        }
        return "\(error)"
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
