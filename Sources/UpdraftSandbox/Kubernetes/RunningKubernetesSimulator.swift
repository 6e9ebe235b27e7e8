import Foundation

/// A simulated Kubernetes API server listening on loopback over HTTPS, started by
/// ``KubernetesSimulator/start(configuration:port:certificateDirectory:requireClientCertificate:clock:logger:)``.
///
/// It gives clients what they need to connect (URL, CA, token, a kubeconfig) and tests what they need to assert
/// (the request log, container end times).
public struct RunningKubernetesSimulator: Sendable {
    /// Which credentials a generated kubeconfig carries.
    public enum KubeconfigCredentials: Sendable {
        /// The simulator's bearer token (``token``).
        case token
        /// Another bearer token, e.g. a wrong one to provoke a 401.
        case customToken(String)
        /// The client certificate and key the simulator's CA signed (for a server started with mutual TLS).
        case clientCertificate
        /// `username` and `password` (accepted when the configuration's `basicAuth` has them).
        case basic(KubernetesBasicAuth)
    }

    /// The simulated cluster: request log, resourceVersion, open streams, container terminations.
    public let simulator: KubernetesSimulator
    /// The HTTPS server in front of it.
    public let server: SandboxHTTPServer
    /// The bearer token requests must carry (after ``KubernetesSimulator/rotateBearerToken(to:)``, the new one).
    /// With mutual TLS the client certificate authenticates instead and this token is not checked.
    public var token: String { simulator.bearerToken ?? initialToken }
    private let initialToken: String
    /// The throwaway CA, server and client certificates (their files live until ``shutdown()``).
    public let certificates: SandboxCertificates
    /// The directory holding the certificates (removed by ``shutdown()`` unless the caller chose it).
    public let directory: String
    private let removesDirectory: Bool

    init(
        simulator: KubernetesSimulator, server: SandboxHTTPServer, token: String, certificates: SandboxCertificates,
        directory: String, removesDirectory: Bool
    ) {
        self.simulator = simulator
        self.server = server
        initialToken = token
        self.certificates = certificates
        self.directory = directory
        self.removesDirectory = removesDirectory
    }

    /// The API server URL, `https://127.0.0.1:PORT`.
    public var baseURL: String { server.baseURL }
    /// The port the server listens on.
    public var port: Int { server.port }
    /// The CA certificate (PEM) that signed the server certificate.
    public var caCertificatePEM: String { certificates.caCertificatePEM }
    /// The path of the CA certificate file.
    public var caCertificateFile: String { certificates.caCertificateFile }

    /// Every request received so far, in arrival order (method, path, query, status; never credentials).
    public var requests: [KubernetesRequestRecord] { simulator.requests }

    /// Forgets the recorded requests.
    public func clearRequests() { simulator.clearRequests() }

    /// Every container that ended so far, with its precise end time.
    public var terminations: [KubernetesContainerTermination] { simulator.terminations }

    /// A kubeconfig (YAML) for this cluster with one cluster, user and context, the CA inlined as
    /// `certificate-authority-data`.
    /// - Parameters:
    ///   - namespace: The context's namespace.
    ///   - contextName: The name of the cluster, user and context entries (and `current-context`).
    ///   - credentials: What the user entry carries.
    public func kubeconfig(
        namespace: String = "default", contextName: String = "updraft-sim", credentials: KubeconfigCredentials = .token
    ) -> String {
        let user: String
        switch credentials {
        case .token:
            user = "    token: \(Self.quoted(token))"
        case .customToken(let other):
            user = "    token: \(Self.quoted(other))"
        case .basic(let basic):
            user = "    username: \(Self.quoted(basic.username))\n    password: \(Self.quoted(basic.password))"
        case .clientCertificate:
            user = """
                    client-certificate-data: \(Self.base64(certificates.clientCertificatePEM))
                    client-key-data: \(Self.base64(certificates.clientKeyPEM))
                """
        }
        return """
            apiVersion: v1
            kind: Config
            current-context: \(Self.quoted(contextName))
            clusters:
            - name: \(Self.quoted(contextName))
              cluster:
                server: \(Self.quoted(baseURL))
                certificate-authority-data: \(Self.base64(caCertificatePEM))
            users:
            - name: \(Self.quoted(contextName))
              user:
            \(user)
            contexts:
            - name: \(Self.quoted(contextName))
              context:
                cluster: \(Self.quoted(contextName))
                user: \(Self.quoted(contextName))
                namespace: \(Self.quoted(namespace))

            """
    }

    /// Writes ``kubeconfig(namespace:contextName:credentials:)`` to `path` (owner-only permissions: it holds a
    /// credential).
    /// - Throws: Foundation's error when the file cannot be written.
    public func writeKubeconfig(
        to path: String, namespace: String = "default", contextName: String = "updraft-sim",
        credentials: KubeconfigCredentials = .token
    ) throws {
        let text = kubeconfig(namespace: namespace, contextName: contextName, credentials: credentials)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Stops the server (open watches and log streams end) and the simulated kubelet, and removes the certificates
    /// from a temporary directory.
    public func shutdown() async throws {
        defer {
            simulator.shutdown()
            if removesDirectory { try? FileManager.default.removeItem(atPath: directory) }
        }
        try await server.shutdown()
    }

    /// A double-quoted YAML scalar (JSON string syntax is valid YAML).
    private static func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case _ where scalar.value < 0x20: return String(format: "\\u%04x", scalar.value)
            default: return String(scalar)
            }
        }
        return "\"" + escaped.joined() + "\""
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
