/// A Kubernetes API call answered with an error status, decoded from its `Status` body when there is one.
///
/// The text names the call (method and path, never credentials), the HTTP status, the API `reason` and message.
public struct KubernetesAPIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code.
    public var statusCode: Int
    /// The API reason, for example `NotFound`, `AlreadyExists`, `Invalid`, `TooManyRequests`.
    public var reason: String?
    /// The API message, or an excerpt of a non-`Status` body.
    public var message: String
    /// The call, for example `POST /api/v1/namespaces/default/pods`.
    public var request: String
    /// Seconds the server asked to wait before retrying (`Retry-After` or `details.retryAfterSeconds`).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(statusCode: Int, reason: String?, message: String, request: String, retryAfterSeconds: Int? = nil) {
        self.statusCode = statusCode
        self.reason = reason
        self.message = message
        self.request = request
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether the object does not exist (404).
    public var isNotFound: Bool { statusCode == 404 }

    /// Whether retrying the same call may succeed: 429 and 5xx.
    public var isRetryable: Bool { statusCode == 429 || (500...599).contains(statusCode) }

    public var description: String {
        "Kubernetes API \(request) failed: HTTP \(statusCode)\(reason.map { " \($0)" } ?? ""): \(message)"
    }

    /// The `Status` object shape (only what is read).
    struct StatusBody: Decodable {
        var kind: String?
        var message: String?
        var reason: String?
        var code: Int?
        var details: Details?

        struct Details: Decodable {
            var retryAfterSeconds: Int?
        }
    }
}
