/// A scripted failure the simulator answers instead of serving matching requests, to test client retries the way
/// an overloaded or restarting API server exercises them (kubernetes-api.md §3: 429 from max-inflight as plain
/// text with `Retry-After`, 5xx as JSON `Status`).
public struct KubernetesInjectedFailure: Sendable, Equatable {
    /// The HTTP status to answer with: 429, or a 5xx (500, 503 and 504 get their API server reasons).
    public var status: Int
    /// The `Retry-After` header value in seconds; `nil` sends none.
    public var retryAfterSeconds: Int?
    /// Only requests with this method fail (`"POST"`, …); `nil` matches any method.
    public var method: String?
    /// Only requests whose path ends with this fail (e.g. `"/log"`, `"/pods"`); `nil` matches any path.
    public var pathSuffix: String?
    /// How many matching requests fail before the simulator serves them again.
    public var count: Int

    /// Creates a failure.
    /// - Parameters:
    ///   - status: The HTTP status (429 or 5xx).
    ///   - retryAfterSeconds: The `Retry-After` seconds, or `nil` for none.
    ///   - method: The method to match, or `nil` for any.
    ///   - pathSuffix: The path ending to match, or `nil` for any.
    ///   - count: How many matching requests fail.
    public init(
        status: Int, retryAfterSeconds: Int? = nil, method: String? = nil, pathSuffix: String? = nil, count: Int = 1
    ) {
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.method = method
        self.pathSuffix = pathSuffix
        self.count = count
    }

    /// Whether the failure applies to a request.
    func matches(_ request: SandboxHTTPRequest) -> Bool {
        (method.map { $0 == request.method } ?? true) && (pathSuffix.map { request.path.hasSuffix($0) } ?? true)
    }

    /// The answer: max-inflight's plain-text 429, or a JSON `Status` for 5xx.
    var response: SandboxHTTPResponse {
        var response: SandboxHTTPResponse
        if status == 429 {
            response = .text(429, "Too many requests, please try again later.\n")
        } else {
            let (reason, message) =
                switch status {
                case 503: ("ServiceUnavailable", "the server is currently unable to handle the request")
                case 504: ("Timeout", "Timeout: request did not complete within the allotted timeout")
                default: ("InternalError", "Internal error occurred: simulated failure")
                }
            response = KubernetesSimulator.statusResponse(
                KubernetesAPIError(code: status, reason: reason, message: message))
        }
        if let retryAfterSeconds { response.headers.append(("Retry-After", String(retryAfterSeconds))) }
        return response
    }
}
