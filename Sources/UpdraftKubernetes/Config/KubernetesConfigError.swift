/// Why a cluster configuration (kubeconfig, in-cluster service account, `kubernetes` connection or exec
/// credential plugin) could not be used. The text names the file and the field, never a credential.
public struct KubernetesConfigError: Error, Sendable, CustomStringConvertible {
    /// The file or source concerned, for example `/home/me/.kube/config`, `connection 'kubernetes_default'`.
    public var source: String
    /// The field concerned, for example `users[tester].user.exec.command`, or empty.
    public var field: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(source: String, field: String = "", _ message: String) {
        self.source = source
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(source): \(message)" : "\(source): \(field): \(message)"
    }
}
