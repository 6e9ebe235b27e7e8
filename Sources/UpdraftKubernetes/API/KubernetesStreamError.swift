/// A watch or log stream that ended abnormally after its answer began: the connection was reset or closed
/// mid-response (`transfer closed with outstanding read data remaining`), a TLS alert arrived, or the stream
/// ended in the middle of a line. The operator re-establishes such streams; only a sustained outage fails a try.
public struct KubernetesStreamError: Error, Sendable, CustomStringConvertible {
    /// The call, for example `GET /api/v1/namespaces/jobs/pods (watch)`.
    public var request: String
    /// What happened, for example libcurl's message.
    public var reason: String

    /// Creates an error.
    public init(request: String, reason: String) {
        self.request = request
        self.reason = reason
    }

    public var description: String { "Kubernetes API \(request) was cut: \(reason)" }
}
