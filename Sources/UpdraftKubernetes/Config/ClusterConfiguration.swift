public import UpdraftCurl

/// Everything needed to talk to one API server: where it is, how to verify it, how to authenticate, which
/// namespace to use by default. Built from a kubeconfig context (``KubeconfigLoader``), the in-cluster service
/// account (``InClusterConfiguration``) or a `kubernetes` connection (``KubernetesClusterResolver``).
public struct ClusterConfiguration: Sendable, CustomStringConvertible {
    /// The API server's base URL, `https://host:port[/prefix]`, without a trailing slash.
    public var server: String
    /// Server verification and the client certificate, if any.
    public var tls: TLSConfiguration
    /// The proxy to reach the server through.
    public var proxy: ProxyConfiguration
    /// How requests authenticate.
    public var credentials: KubernetesCredentials
    /// The default namespace of this configuration (context namespace, service-account namespace), if any.
    public var namespace: String?
    /// Where this configuration came from, for error messages (for example `kubeconfig /x/config, context sim`).
    public var source: String
    /// How long an exec credential plugin may run before it and its children are killed (60 s by default).
    public var execPluginTimeout: Duration

    /// The default of ``execPluginTimeout``.
    public static let defaultExecPluginTimeout = Duration.seconds(60)

    /// Creates a configuration.
    public init(server: String, tls: TLSConfiguration = .default, proxy: ProxyConfiguration = .environment,
                credentials: KubernetesCredentials = .none, namespace: String? = nil, source: String = "explicit",
                execPluginTimeout: Duration = defaultExecPluginTimeout) {
        var trimmed = server
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.server = trimmed
        self.tls = tls
        self.proxy = proxy
        self.credentials = credentials
        self.namespace = namespace
        self.source = source
        self.execPluginTimeout = execPluginTimeout
    }

    /// Server, source and the kind of credentials; never a secret.
    public var description: String {
        "ClusterConfiguration(server: \(server), source: \(source), credentials: \(credentials), tls: \(tls))"
    }
}

/// How requests to the API server authenticate (besides a client certificate, which is part of the TLS settings).
public enum KubernetesCredentials: Sendable, Hashable, CustomStringConvertible {
    /// No credentials.
    case none
    /// A fixed bearer token.
    case token(String)
    /// A bearer token read from a file, re-read every minute and after a 401 (rotating service-account tokens).
    case tokenFile(String)
    /// HTTP basic authentication.
    case basic(username: String, password: String)
    /// A token or client certificate obtained by running an exec credential plugin, cached until it expires.
    case exec(Kubeconfig.ExecConfig, workingDirectory: String?, clusterInfo: ExecClusterInfo?)

    /// The kind of credentials only.
    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token(***)"
        case .tokenFile(let path): "tokenFile(\(path))"
        case .basic(let username, _): "basic(\(username), ***)"
        case .exec(let config, _, _): "exec(\(config.command))"
        }
    }
}

/// The cluster details an exec plugin receives when it asks for them (`provideClusterInfo: true`).
public struct ExecClusterInfo: Sendable, Hashable {
    /// The server URL.
    public var server: String
    /// The CA, base64 PEM, if the kubeconfig has it inline.
    public var certificateAuthorityData: String?
    /// Whether verification is off.
    public var insecureSkipTLSVerify: Bool

    /// Creates cluster info.
    public init(server: String, certificateAuthorityData: String? = nil, insecureSkipTLSVerify: Bool = false) {
        self.server = server
        self.certificateAuthorityData = certificateAuthorityData
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }
}
