/// Why a cluster configuration (kubeconfig, in-cluster service account, `kubernetes` connection or exec
/// credential plugin) could not be used. The text names the file and the field, never a credential.
///
/// A configuration error fails the pod operator's try at once, without its retries (``isRetryable`` false), except
/// for an exec plugin that timed out or exited with an error, which may succeed on a later try.
public struct KubernetesConfigError: Error, Sendable, CustomStringConvertible {
    /// The file or source concerned, for example `/home/me/.kube/config`, `connection 'kubernetes_default'`.
    public var source: String
    /// The field concerned, for example `users[0].user.client-certificate-data`, or empty.
    public var field: String
    /// What is wrong.
    public var message: String
    /// Whether trying again may help (an exec plugin that timed out or failed), rather than fixing the
    /// configuration.
    public var isRetryable: Bool

    /// Creates an error.
    public init(source: String, field: String = "", _ message: String, isRetryable: Bool = false) {
        self.source = source
        self.field = field
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String {
        field.isEmpty ? "\(source): \(message)" : "\(source): \(field): \(message)"
    }
}
