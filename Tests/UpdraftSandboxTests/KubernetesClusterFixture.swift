import Foundation
import Testing

@testable import UpdraftSandbox

/// A cluster started with the public entry point, plus a scratch directory and a kubeconfig for `kubectl`.
struct KubernetesClusterFixture {
    static let token = "updraft-test-token"

    let running: RunningKubernetesSimulator
    let directory: URL
    let kubeconfig: String

    var simulator: KubernetesSimulator { running.simulator }

    /// Starts the cluster; `body` runs with it, and the server and temporary files are removed afterwards.
    static func with<T>(
        configuration: KubernetesSimulatorConfiguration = KubernetesSimulatorConfiguration(
            bearerToken: token, tick: .milliseconds(5)),
        requireClientCertificate: Bool = false, clock: any KubernetesSimulatorClock = KubernetesSystemClock(),
        _ body: (KubernetesClusterFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let running = try await KubernetesSimulator.start(
            configuration: configuration, requireClientCertificate: requireClientCertificate, clock: clock)
        do {
            let kubeconfig = directory.appendingPathComponent("kubeconfig").path
            try running.writeKubeconfig(
                to: kubeconfig, credentials: requireClientCertificate ? .clientCertificate : .token)
            let result = try await body(
                KubernetesClusterFixture(running: running, directory: directory, kubeconfig: kubeconfig))
            try await running.shutdown()
            return result
        } catch {
            try? await running.shutdown()
            throw error
        }
    }

    /// The kubectl binary: `UPDRAFT_KUBECTL` when set (e.g. to cross-check with another version), else the one
    /// the machine image or `scripts/install-deps.sh` installs.
    static let kubectlPath = ProcessInfo.processInfo.environment["UPDRAFT_KUBECTL"] ?? "/usr/bin/kubectl"

    /// Runs `kubectl` against the cluster (own HOME, so discovery caches never leak between tests).
    func kubectl(_ arguments: [String], kubeconfig: String? = nil, timeout: Duration = .seconds(20)) async throws
        -> KubernetesProcessResult
    {
        try await KubernetesProcessResult.run(
            Self.kubectlPath, ["--kubeconfig", kubeconfig ?? self.kubeconfig] + arguments,
            environment: ["HOME": directory.path, "PATH": "/usr/bin:/bin"], directory: directory, timeout: timeout)
    }

    /// `kubectl create -f` arguments for `file`: kubectl ≥ 1.27 reads the simulator's OpenAPI v3 stub and lets the
    /// server validate fields; older clients (Debian's 1.20) want `/openapi/v2` in protobuf, so they skip validation.
    func createArguments(_ file: String) async throws -> [String] {
        let version = try await kubectl(["version", "--client", "-o", "json"])
        let minor = SandboxJSON.decode(Array(version.stdout.utf8))?.at("clientVersion", "minor")?.string
        let number = Int(minor?.prefix { $0.isNumber } ?? "") ?? 0
        return ["create", "-f", file] + (number >= 27 ? [] : ["--validate=false"])
    }

    /// Runs `curl -sS -i` (headers included) against the simulator with its CA and, unless `token` is `nil`, a
    /// bearer token (the simulator's by default); `path` may carry a query.
    func curl(_ path: String, token: String? = Self.token, extra: [String] = [], timeout: Duration = .seconds(20))
        async throws -> KubernetesProcessResult
    {
        let authorization = token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []
        return try await KubernetesProcessResult.run(
            "/usr/bin/curl",
            ["-sS", "-i", "--cacert", running.caCertificateFile] + authorization + extra + [
                "\(running.baseURL)\(path)"
            ],
            environment: ["PATH": "/usr/bin:/bin"], directory: directory, timeout: timeout)
    }
}
