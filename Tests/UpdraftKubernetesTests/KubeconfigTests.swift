import Foundation
import Testing
import UpdraftCurl
@testable import UpdraftKubernetes

@Suite struct KubeconfigTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "kubeconfig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func config(_ context: String, server: String, user: String, extraUser: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: \(context)
        clusters:
        - name: \(context)-cluster
          cluster:
            server: \(server)
            certificate-authority: certs/ca.crt
            tls-server-name: kubernetes.default.svc
            proxy-url: http://127.0.0.1:3128
        users:
        - name: \(user)
          user:
            token: token-of-\(user)
        \(extraUser)
        contexts:
        - name: \(context)
          context:
            cluster: \(context)-cluster
            user: \(user)
            namespace: ns-\(context)
        """
    }

    @Test func kubeconfigListMergesFirstWinsAndResolvesPathsPerFile() throws {
        _ = try write("a/certs/ca.crt", "CA A")
        _ = try write("b/certs/ca.crt", "CA B")
        let first = try write("a/config", config("ctx-a", server: "https://a.example:6443", user: "alice"))
        let second = try write("b/config", config("ctx-b", server: "https://b.example:6443", user: "alice"))
        let (merged, files) = try KubeconfigLoader.loadDefault(
            environment: ["KUBECONFIG": "\(first)::\(directory)/missing:\(second):\(first)"], homeDirectory: directory)
        #expect(files == [first, second])
        #expect(merged.currentContext == "ctx-a")
        let b = try KubeconfigLoader.clusterConfiguration(from: merged, context: "ctx-b", source: "test")
        #expect(b.server == "https://b.example:6443")
        #expect(b.namespace == "ns-ctx-b")
        #expect(b.tls.trustRoots == .file("\(directory)/b/certs/ca.crt"))
        #expect(b.tls.serverName == "kubernetes.default.svc")
        #expect(b.proxy == .proxy(url: "http://127.0.0.1:3128"))
        // The user "alice" is defined by both files: the first file's entry wins whole.
        #expect(b.credentials == .token("token-of-alice"))
        #expect(!b.description.contains("token-of-alice"))
    }

    @Test func missingPiecesAreReportedWithFileAndField() throws {
        let path = try write("bad", """
            current-context: c
            clusters:
            - name: c
              cluster:
                insecure-skip-tls-verify: true
                certificate-authority-data: \(Data("x".utf8).base64EncodedString())
                server: https://h
            contexts:
            - name: c
              context: {cluster: c, user: ghost}
            """)
        let config = try KubeconfigLoader.load(file: path)
        let missingContext = #expect(throws: KubernetesConfigError.self) {
            try KubeconfigLoader.clusterConfiguration(from: config, context: "nope", source: path)
        }
        #expect(missingContext?.description.contains("context 'nope' not found (available: c)") == true)
        let error = #expect(throws: KubernetesConfigError.self) {
            try KubeconfigLoader.clusterConfiguration(from: config, context: nil, source: path)
        }
        #expect(error?.source == path)
        #expect(error?.field == "contexts[0].context.user")
        #expect(throws: KubernetesConfigError.self) { try KubeconfigLoader.load(file: "\(directory)/absent") }
        let notYAML = try write("notyaml", "clusters: 12")
        #expect(throws: KubernetesConfigError.self) { try KubeconfigLoader.load(file: notYAML) }
    }

    @Test func userVariantsBecomeCredentials() throws {
        let certificatePEM = "-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n"
        let certificate = Data(certificatePEM.utf8).base64EncodedString()
        let key = Data("-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n".utf8).base64EncodedString()
        let text = """
            current-context: basic
            clusters: [{name: c, cluster: {server: "https://h:1", insecure-skip-tls-verify: true}}]
            users:
            - {name: basic, user: {username: u, password: secret-password}}
            - {name: file, user: {tokenFile: tok}}
            - {name: cert, user: {client-certificate-data: \(certificate), client-key-data: \(key)}}
            - {name: both, user: {token: t, username: u, password: p}}
            - {name: exec1, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin}}}
            - {name: oidc, user: {auth-provider: {name: oidc, config: {id-token: the-id-token}}}}
            contexts:
            - {name: basic, context: {cluster: c, user: basic}}
            - {name: file, context: {cluster: c, user: file}}
            - {name: cert, context: {cluster: c, user: cert}}
            - {name: both, context: {cluster: c, user: both}}
            - {name: exec1, context: {cluster: c, user: exec1}}
            - {name: oidc, context: {cluster: c, user: oidc}}
            """
        let config = try KubeconfigLoader.parse(text, source: "inline", directory: "/etc/kube")
        func resolve(_ context: String) throws -> ClusterConfiguration {
            try KubeconfigLoader.clusterConfiguration(from: config, context: context, source: "inline")
        }
        #expect(try resolve("basic").credentials == .basic(username: "u", password: "secret-password"))
        #expect(try resolve("file").credentials == .tokenFile("/etc/kube/tok"))
        #expect(try resolve("cert").tls.clientCertificate == .pem(Array(certificatePEM.utf8)))
        #expect(try resolve("cert").tls.insecureSkipTLSVerify)
        #expect(try resolve("oidc").credentials == .token("the-id-token"))
        let both = #expect(throws: KubernetesConfigError.self) { try resolve("both") }
        #expect(both?.message.contains("not both") == true)
        let exec = #expect(throws: KubernetesConfigError.self) { try resolve("exec1") }
        #expect(exec?.field == "users[4].user.exec.interactiveMode")
    }

    @Test func inClusterConfigurationReadsTheServiceAccount() throws {
        _ = try write("sa/token", "sa-token-1\n")
        _ = try write("sa/ca.crt", "CA")
        _ = try write("sa/namespace", "jobs\n")
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try InClusterConfiguration.load(environment: environment, directory: "\(directory)/sa")
        #expect(config.server == "https://[fd00::1]:443")
        #expect(config.namespace == "jobs")
        #expect(config.credentials == .tokenFile("\(directory)/sa/token"))
        #expect(config.tls.trustRoots == .file("\(directory)/sa/ca.crt"))
        #expect(throws: KubernetesConfigError.self) { try InClusterConfiguration.load(environment: [:], directory: directory) }
    }

    @Test func rotatedTokenIsReadAgainAfterInvalidation() async throws {
        let path = try write("token", "first-token")
        let authenticator = KubernetesAuthenticator(credentials: .tokenFile(path), tls: .default, masker: nil)
        var request = HTTPRequest(url: "https://h")
        try await authenticator.authorize(&request)
        #expect(request.headers["Authorization"] == "Bearer first-token")
        try "second-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        try await authenticator.authorize(&request)
        #expect(request.headers["Authorization"] == "Bearer first-token", "cached for a minute")
        authenticator.invalidate()
        try await authenticator.authorize(&request)
        #expect(request.headers["Authorization"] == "Bearer second-token")
    }

    @Test(arguments: ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
    func execPluginTokenIsCachedUntilExpiry(version: String) async throws {
        let counter = "\(directory)/runs"
        let script = try write("plugin.sh", """
            #!/bin/sh
            echo run >> \(counter)
            case "$KUBERNETES_EXEC_INFO" in *'"interactive":false'*) ;; *) exit 3 ;; esac
            echo '{"apiVersion":"\(version)","kind":"ExecCredential","status":{"token":"exec-token-'$PLUGIN_SUFFIX'","expirationTimestamp":"2999-01-01T00:00:00Z"}}'
            """)
        // Run through /bin/sh rather than exec'ing the script just written: while the parallel test case forks, its
        // child may still hold this file's write descriptor, and exec'ing it would then fail with ETXTBSY.
        let exec = Kubeconfig.ExecConfig(apiVersion: version, command: "/bin/sh", args: [script],
                                         env: [.init(name: "PLUGIN_SUFFIX", value: "42")], interactiveMode: "Never")
        let authenticator = KubernetesAuthenticator(
            credentials: .exec(exec, workingDirectory: directory, clusterInfo: nil), tls: .default, masker: nil)
        var request = HTTPRequest(url: "https://h")
        try await authenticator.authorize(&request)
        try await authenticator.authorize(&request)
        #expect(request.headers["Authorization"] == "Bearer exec-token-42")
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        #expect(runs == 1)
    }

    @Test func failingExecPluginNamesTheCommand() async throws {
        let exec = Kubeconfig.ExecConfig(apiVersion: "client.authentication.k8s.io/v1beta1", command: "/bin/false")
        let authenticator = KubernetesAuthenticator(
            credentials: .exec(exec, workingDirectory: nil, clusterInfo: nil), tls: .default, masker: nil)
        var request = HTTPRequest(url: "https://h")
        let error = await #expect(throws: KubernetesConfigError.self) { try await authenticator.authorize(&request) }
        #expect(error?.source == "exec plugin /bin/false")
        #expect(error?.isRetryable == true, "a plugin that failed may succeed on the next try")
    }
}
