import Foundation
import Testing

@testable import UpdraftSandbox

/// A simulator served over HTTPS on loopback with throwaway certificates, plus a kubeconfig for it.
struct KubernetesClusterFixture {
    static let token = "updraft-test-token"

    let simulator: KubernetesSimulator
    let server: SandboxHTTPServer
    let directory: URL
    let kubeconfig: String
    let certificates: SandboxCertificates

    /// Starts the cluster; `body` runs with it, and the server and temporary files are removed afterwards.
    static func with<T>(
        configuration: KubernetesSimulatorConfiguration = KubernetesSimulatorConfiguration(
            bearerToken: token, tick: .milliseconds(5)),
        _ body: (KubernetesClusterFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificates = try SandboxCertificates.generate(in: directory.path)
        let simulator = KubernetesSimulator(configuration: configuration)
        let server = try await SandboxHTTPServer.start(
            tls: SandboxTLSConfiguration(
                certificateChainPEMFile: certificates.serverCertificateFile,
                privateKeyPEMFile: certificates.serverKeyFile, clientCATrustRootsPEMFile: nil),
            handler: simulator)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try writeKubeconfig(
            to: kubeconfig, server: "https://127.0.0.1:\(server.port)", caFile: certificates.caCertificateFile,
            token: configuration.bearerToken ?? "")
        let fixture = KubernetesClusterFixture(
            simulator: simulator, server: server, directory: directory, kubeconfig: kubeconfig,
            certificates: certificates)
        do {
            let result = try await body(fixture)
            try await server.shutdown()
            simulator.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            simulator.shutdown()
            throw error
        }
    }

    /// A kubeconfig with `certificate-authority-data`, the server URL and a bearer token.
    static func writeKubeconfig(to path: String, server: String, caFile: String, token: String) throws {
        let caData = try Data(contentsOf: URL(fileURLWithPath: caFile)).base64EncodedString()
        let yaml = """
            apiVersion: v1
            kind: Config
            current-context: sim
            clusters:
            - name: sim
              cluster:
                server: \(server)
                certificate-authority-data: \(caData)
            users:
            - name: tester
              user:
                token: \(token)
            contexts:
            - name: sim
              context:
                cluster: sim
                user: tester
                namespace: default
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs `kubectl` against the cluster (own HOME, so discovery caches never leak between tests).
    func kubectl(_ arguments: [String], kubeconfig: String? = nil, timeout: Duration = .seconds(20)) async throws
        -> KubernetesProcessResult
    {
        try await KubernetesProcessResult.run(
            "/usr/bin/kubectl", ["--kubeconfig", kubeconfig ?? self.kubeconfig] + arguments,
            environment: ["HOME": directory.path, "PATH": "/usr/bin:/bin"], directory: directory, timeout: timeout)
    }

    /// Runs `curl` against the simulator with the CA and token; `path` may carry a query.
    func curl(_ path: String, extra: [String] = [], timeout: Duration = .seconds(20)) async throws -> KubernetesProcessResult {
        try await KubernetesProcessResult.run(
            "/usr/bin/curl",
            ["-sS", "--cacert", certificates.caCertificateFile, "-H", "Authorization: Bearer \(Self.token)"] + extra
                + ["\(server.baseURL)\(path)"],
            environment: ["PATH": "/usr/bin:/bin"], directory: directory, timeout: timeout)
    }
}

/// Exit status and output of a finished child process.
struct KubernetesProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs an executable to completion (killed after `timeout`), capturing output through files (no pipe stalls).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: URL,
        timeout: Duration
    ) async throws -> KubernetesProcessResult {
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent("\(id).out")
        let errURL = directory.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let status = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                    do { try process.run() } catch {
                        process.terminationHandler = nil
                        continuation.resume(returning: -1)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)  // deadline only
                return nil
            }
            defer { group.cancelAll() }
            let first = try await group.next() ?? nil
            if first == nil { process.terminate() }
            return first
        }
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        guard let status else {
            throw KubernetesTestError(description: "\(executable) \(arguments) timed out; stderr: \(stderr)")
        }
        return KubernetesProcessResult(status: status, stdout: stdout, stderr: stderr)
    }
}
