public import Foundation
import UpdraftCurl

/// The configuration of a process running in a pod: the API server from `KUBERNETES_SERVICE_HOST` /
/// `KUBERNETES_SERVICE_PORT`, the service account's token (re-read as it rotates), CA and namespace files.
public enum InClusterConfiguration {
    /// Where Kubernetes mounts the service account.
    public static let defaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether the environment says this process runs in a pod.
    public static func isAvailable(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
    }

    /// The in-cluster configuration.
    /// - Parameters:
    ///   - environment: Where the service host and port (and `POD_NAMESPACE`) are read.
    ///   - directory: The service-account directory (`token`, `ca.crt`, `namespace`); overridable for tests.
    /// - Throws: ``KubernetesConfigError`` when the variables or the token file are missing.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            directory: String = defaultDirectory) throws -> ClusterConfiguration {
        let source = "in-cluster service account (\(directory))"
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesConfigError(
                source: source, field: "KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT",
                "not set: this process does not run in a pod (set inCluster to false to use a kubeconfig)")
        }
        let token = KubeconfigPath.join(directory, "token")
        guard FileManager.default.isReadableFile(atPath: token) else {
            throw KubernetesConfigError(source: source, field: "token", "cannot read \(token)")
        }
        let ca = KubeconfigPath.join(directory, "ca.crt")
        let namespaceFile = KubeconfigPath.join(directory, "namespace")
        let fileNamespace = (try? String(contentsOfFile: namespaceFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let namespace = [environment["POD_NAMESPACE"], fileNamespace].compactMap { $0 }.first { !$0.isEmpty }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClusterConfiguration(
            server: "https://\(hostPart):\(port)",
            tls: TLSConfiguration(trustRoots: FileManager.default.isReadableFile(atPath: ca) ? .file(ca) : nil),
            credentials: .tokenFile(token), namespace: namespace, source: source)
    }
}
