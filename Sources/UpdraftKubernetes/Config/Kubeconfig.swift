/// A kubeconfig file (`clientcmd/api/v1` `Config`), as written by `kubectl config`: named clusters, users and
/// contexts and the current context. Decoded with Yams; fields Updraft does not use are ignored.
public struct Kubeconfig: Codable, Sendable, Hashable {
    /// The context used when none is asked for.
    public var currentContext: String?
    /// Named API servers.
    public var clusters: [Named<Cluster>]?
    /// Named credentials.
    public var users: [Named<User>]?
    /// Named (cluster, user, namespace) triples.
    public var contexts: [Named<Context>]?

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, users, contexts
    }

    /// Creates a kubeconfig.
    public init(currentContext: String? = nil, clusters: [Named<Cluster>]? = nil, users: [Named<User>]? = nil,
                contexts: [Named<Context>]? = nil) {
        self.currentContext = currentContext
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
    }

    /// A named entry of a kubeconfig list.
    public struct Named<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
        /// The name contexts refer to.
        public var name: String
        /// The entry.
        public var value: Value

        /// Creates an entry.
        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }

        private struct Keys: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// The entry sits under a key named after its type (`cluster`, `user`, `context`).
        private static var valueKey: Keys {
            switch Value.self {
            case is Cluster.Type: Keys(stringValue: "cluster")
            case is User.Type: Keys(stringValue: "user")
            default: Keys(stringValue: "context")
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: Keys(stringValue: "name"))
            value = try container.decode(Value.self, forKey: Self.valueKey)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(name, forKey: Keys(stringValue: "name"))
            try container.encode(value, forKey: Self.valueKey)
        }
    }

    /// How to reach an API server.
    public struct Cluster: Codable, Sendable, Hashable {
        /// `https://host:port[/prefix]`.
        public var server: String?
        /// CA file (relative paths are resolved against the kubeconfig's directory).
        public var certificateAuthority: String?
        /// CA PEM, base64.
        public var certificateAuthorityData: String?
        /// Skip verification of the server certificate (test clusters only).
        public var insecureSkipTLSVerify: Bool?
        /// The name to verify the server certificate against.
        public var tlsServerName: String?
        /// `http://`, `https://` or `socks5://` proxy.
        public var proxyURL: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }

        /// Creates a cluster entry.
        public init(server: String? = nil, certificateAuthority: String? = nil,
                    certificateAuthorityData: String? = nil, insecureSkipTLSVerify: Bool? = nil,
                    tlsServerName: String? = nil, proxyURL: String? = nil) {
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.tlsServerName = tlsServerName
            self.proxyURL = proxyURL
        }
    }

    /// Credentials.
    public struct User: Codable, Sendable, Hashable {
        /// A bearer token.
        public var token: String?
        /// A file holding the bearer token (re-read when it changes).
        public var tokenFile: String?
        /// Client certificate file.
        public var clientCertificate: String?
        /// Client certificate PEM, base64.
        public var clientCertificateData: String?
        /// Client key file.
        public var clientKey: String?
        /// Client key PEM, base64.
        public var clientKeyData: String?
        /// Basic-auth user.
        public var username: String?
        /// Basic-auth password.
        public var password: String?
        /// An exec credential plugin.
        public var exec: ExecConfig?
        /// A legacy auth provider (only `oidc` with an `id-token` is supported).
        public var authProvider: AuthProvider?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }

        /// Creates a user entry.
        public init(token: String? = nil, tokenFile: String? = nil, username: String? = nil,
                    password: String? = nil, exec: ExecConfig? = nil) {
            self.token = token
            self.tokenFile = tokenFile
            self.username = username
            self.password = password
            self.exec = exec
        }
    }

    /// A legacy `auth-provider` stanza.
    public struct AuthProvider: Codable, Sendable, Hashable {
        /// For example `oidc`.
        public var name: String
        /// Provider settings (`id-token` for oidc).
        public var config: [String: String]?
    }

    /// An exec credential plugin (`users[].user.exec`).
    public struct ExecConfig: Codable, Sendable, Hashable {
        /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
        public var apiVersion: String?
        /// The program (a path with `/` is resolved against the kubeconfig's directory, else searched in `PATH`).
        public var command: String
        /// Its arguments.
        public var args: [String]?
        /// Extra environment variables.
        public var env: [EnvEntry]?
        /// `Never`, `IfAvailable` or `Always` (required for v1; Updraft never runs plugins interactively).
        public var interactiveMode: String?
        /// Whether to pass the cluster's server and CA in `KUBERNETES_EXEC_INFO`.
        public var provideClusterInfo: Bool?
        /// Shown when the command cannot be found.
        public var installHint: String?

        /// Creates an exec configuration.
        public init(apiVersion: String? = nil, command: String, args: [String]? = nil, env: [EnvEntry]? = nil,
                    interactiveMode: String? = nil, provideClusterInfo: Bool? = nil) {
            self.apiVersion = apiVersion
            self.command = command
            self.args = args
            self.env = env
            self.interactiveMode = interactiveMode
            self.provideClusterInfo = provideClusterInfo
        }

        /// One environment variable for the plugin.
        public struct EnvEntry: Codable, Sendable, Hashable {
            /// The name.
            public var name: String
            /// The value.
            public var value: String
            /// Creates an entry.
            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }
    }

    /// A context: which cluster, which user, which namespace.
    public struct Context: Codable, Sendable, Hashable {
        /// The cluster's name.
        public var cluster: String
        /// The user's name.
        public var user: String?
        /// The default namespace.
        public var namespace: String?

        /// Creates a context.
        public init(cluster: String, user: String? = nil, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }
}
