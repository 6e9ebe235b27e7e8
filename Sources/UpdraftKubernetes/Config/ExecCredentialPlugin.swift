import Dispatch
import Foundation

/// Runs a kubeconfig exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`) and reads the
/// `ExecCredential` it prints: a bearer token or a client certificate and key, with an optional expiry.
struct ExecCredentialPlugin: Sendable {
    /// The API versions understood.
    static let supportedVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// What a plugin returned.
    struct Credential: Sendable {
        var token: String?
        var clientCertificatePEM: String?
        var clientKeyPEM: String?
        var expiration: Date?
    }

    let config: Kubeconfig.ExecConfig
    let workingDirectory: String?
    let clusterInfo: ExecClusterInfo?
    let environment: [String: String]

    /// Runs the plugin once (non-interactively) and decodes its answer.
    /// - Throws: ``KubernetesConfigError`` naming the command: not found, non-zero exit, bad output.
    func run() async throws -> Credential {
        let source = "exec plugin \(config.command)"
        let output = try await execute(source: source)
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw KubernetesConfigError(source: source, "did not print an ExecCredential JSON object")
        }
        guard (object["apiVersion"] as? String) == config.apiVersion else {
            throw KubernetesConfigError(
                source: source, field: "apiVersion",
                "plugin returned version \(object["apiVersion"] as? String ?? "none"), expected \(config.apiVersion ?? "")")
        }
        guard let status = object["status"] as? [String: Any] else {
            throw KubernetesConfigError(source: source, field: "status", "exec plugin didn't return a status field")
        }
        let credential = Credential(
            token: (status["token"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            clientCertificatePEM: status["clientCertificateData"] as? String,
            clientKeyPEM: status["clientKeyData"] as? String,
            expiration: (status["expirationTimestamp"] as? String).flatMap(KubernetesTime.parse))
        let hasPair = credential.clientCertificatePEM != nil && credential.clientKeyPEM != nil
        guard credential.token != nil || hasPair else {
            throw KubernetesConfigError(source: source, field: "status",
                                        "exec plugin didn't return a token or cert/key pair")
        }
        return credential
    }

    /// `KUBERNETES_EXEC_INFO`: the request, with the cluster when the plugin asked for it.
    var execInfo: String {
        var spec: [String: Any] = ["interactive": false]
        if let clusterInfo {
            var cluster: [String: Any] = ["server": clusterInfo.server]
            if let ca = clusterInfo.certificateAuthorityData { cluster["certificate-authority-data"] = ca }
            if clusterInfo.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
            spec["cluster"] = cluster
        }
        let object: [String: Any] = ["kind": "ExecCredential", "apiVersion": config.apiVersion ?? "", "spec": spec]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func execute(source: String) async throws -> Data {
        let process = Process()
        if config.command.contains("/") {
            process.executableURL = URL(fileURLWithPath: config.command)
            process.arguments = config.args ?? []
        } else {
            // A bare name is looked up in PATH, as client-go's exec.LookPath.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [config.command] + (config.args ?? [])
        }
        var environment = self.environment
        for entry in config.env ?? [] { environment[entry.name] = entry.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let stdout = Pipe()
        // stderr goes to a file: two pipes read from one thread could deadlock on a chatty plugin.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-exec-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)  // FileHandle below reports failure
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardOutput = stdout
        process.standardError = try? FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            let hint = config.installHint.map { "; \($0)" } ?? ""
            throw KubernetesConfigError(source: source, "cannot run the command: \(error.localizedDescription)\(hint)")
        }
        // Reading blocks until the plugin closes its output: do it off the cooperative pool.
        let output = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
        let errors = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            let excerpt = String(decoding: errors.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw KubernetesConfigError(source: source,
                                        "exited with status \(process.terminationStatus): \(excerpt)")
        }
        return output
    }
}
