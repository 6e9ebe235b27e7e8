import Foundation
import Updraft
#if canImport(Glibc)
import Glibc
#endif

/// Runs a kubeconfig exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`) and reads the
/// `ExecCredential` it prints: a bearer token or a client certificate and key, with an optional expiry.
///
/// The plugin runs in a process group of its own and is bounded: on timeout, on cancellation (Ctrl-C, the task's
/// `executionTimeout`) and once it has exited, the whole group is killed, so no child it forked outlives it. Its
/// stderr is kept in memory, masked and shown trimmed in the error.
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
    /// How long the plugin may run before it and its children are killed.
    let timeout: Duration
    /// The clock the timeout runs on.
    let clock: any UpdraftClock
    /// Masks known secrets in the plugin's stderr before it reaches an error.
    let masker: SecretMasker?

    /// The most of stdout kept (an `ExecCredential` is a few kilobytes).
    static let outputLimit = 1 << 20
    /// The most of stderr kept.
    static let errorLimit = 64 << 10

    private var source: String { "exec plugin \(config.command)" }

    /// Runs the plugin once (non-interactively, bounded by ``timeout``) and decodes its answer.
    /// - Throws: ``KubernetesConfigError`` naming the command: not found, timeout, non-zero exit, bad output;
    ///   `CancellationError` when the task is cancelled (the plugin and its children are killed first).
    func run() async throws -> Credential {
        let output = try await execute()
        guard let object = try? JSONSerialization.jsonObject(with: Data(output)) as? [String: Any] else {
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

    /// Runs the plugin in its own process group; returns its stdout.
    private func execute() async throws -> [UInt8] {
        var environment = self.environment
        for entry in config.env ?? [] { environment[entry.name] = entry.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo
        guard let executable = Self.locate(config.command, path: environment["PATH"] ?? "") else {
            let hint = config.installHint.map { "; \($0)" } ?? ""
            throw KubernetesConfigError(source: source, "cannot run the command: not found\(hint)")
        }
        let process: PluginProcess
        do {
            process = try PluginProcess.spawn(
                executable: executable, arguments: config.args ?? [], environment: environment,
                directory: workingDirectory, limits: (Self.outputLimit, Self.errorLimit))
        } catch let error as PluginProcessError {
            let hint = config.installHint.map { "; \($0)" } ?? ""
            throw KubernetesConfigError(source: source, "cannot run the command: \(error.message)\(hint)")
        }
        let seconds = timeout.components.seconds
        let outcome: PluginProcess.Outcome
        do {
            outcome = try await withClockDeadline(
                clock.now().adding(timeout), clock: clock, timeout: { PluginTimedOut() }
            ) {
                await withTaskCancellationHandler { await process.finish() } onCancel: { process.killGroup() }
            }
        } catch is PluginTimedOut {
            throw KubernetesConfigError(
                source: source, "did not finish within \(seconds) s; it was killed with its child processes",
                isRetryable: true)
        }
        try Task.checkCancellation()
        guard outcome.status == 0 else {
            throw KubernetesConfigError(
                source: source, "exited with status \(outcome.status)\(excerpt(outcome.stderr))", isRetryable: true)
        }
        guard !outcome.stdout.truncated else {
            throw KubernetesConfigError(source: source, "printed more than \(Self.outputLimit) bytes")
        }
        return outcome.stdout.bytes
    }

    /// `: <stderr>` masked, trimmed and cut to 500 characters, or nothing when the plugin printed no error.
    private func excerpt(_ stderr: PluginProcess.CappedOutput) -> String {
        let text = String(decoding: stderr.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "" }
        let masked = masker?.mask(text) ?? text
        let cut = masked.unicodeScalars.count > 500 || stderr.truncated
        return ": " + String(String.UnicodeScalarView(masked.unicodeScalars.prefix(500))) + (cut ? " …(cut)" : "")
    }

    /// The program to run: `command` itself when it names a path, else the first executable `command` in `path`
    /// (client-go's `exec.LookPath`).
    static func locate(_ command: String, path: String) -> String? {
        if command.contains("/") { return command }
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The plugin ran longer than ``timeout``.
    private struct PluginTimedOut: Error {}
}
