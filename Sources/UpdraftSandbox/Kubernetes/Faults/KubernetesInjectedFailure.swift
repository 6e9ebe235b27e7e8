/// A scripted failure the simulator answers instead of serving matching requests, to test client retries the way
/// an overloaded or restarting API server exercises them (kubernetes-api.md §3: 429 from max-inflight as plain
/// text with `Retry-After`, 5xx as JSON `Status`), or a configuration fault (401, 403 as JSON `Status`).
public struct KubernetesInjectedFailure: Sendable, Equatable {
    /// The HTTP status to answer with: 429, 401, 403 or a 5xx (500, 503 and 504 get their API server reasons).
    public var status: Int
    /// The `Retry-After` header value in seconds; `nil` sends none.
    public var retryAfterSeconds: Int?
    /// Only requests with this method fail (`"POST"`, …); `nil` matches any method.
    public var method: String?
    /// Only requests whose path ends with this fail (e.g. `"/log"`, `"/pods"`); `nil` matches any path.
    public var pathSuffix: String?
    /// Only streaming requests (`watch=true`, or a log with `follow=true`) fail: a proxy that resets long
    /// streams while short calls go through.
    public var streamsOnly: Bool
    /// How many matching requests fail before the simulator serves them again (`Int.max`: until
    /// ``KubernetesSimulator/clearInjectedFailures()``).
    public var count: Int

    /// Creates a failure.
    /// - Parameters:
    ///   - status: The HTTP status (429, 401, 403 or 5xx).
    ///   - retryAfterSeconds: The `Retry-After` seconds, or `nil` for none.
    ///   - method: The method to match, or `nil` for any.
    ///   - pathSuffix: The path ending to match, or `nil` for any.
    ///   - streamsOnly: Match only watch and followed-log requests.
    ///   - count: How many matching requests fail.
    public init(
        status: Int, retryAfterSeconds: Int? = nil, method: String? = nil, pathSuffix: String? = nil,
        streamsOnly: Bool = false, count: Int = 1
    ) {
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.method = method
        self.pathSuffix = pathSuffix
        self.streamsOnly = streamsOnly
        self.count = count
    }

    /// A burst of `count` answers `status` (429 or 5xx), each with `Retry-After: retryAfterSeconds`.
    public static func burst(
        of status: Int, count: Int, retryAfterSeconds: Int? = 1, pathSuffix: String? = nil
    ) -> KubernetesInjectedFailure {
        KubernetesInjectedFailure(
            status: status, retryAfterSeconds: retryAfterSeconds, pathSuffix: pathSuffix, count: count)
    }

    /// Whether the failure applies to a request.
    func matches(_ request: SandboxHTTPRequest) -> Bool {
        guard (method.map { $0 == request.method } ?? true), (pathSuffix.map { request.path.hasSuffix($0) } ?? true)
        else { return false }
        guard streamsOnly else { return true }
        let isTrue = { (name: String) in request.queryValue(name).map(KubernetesQuery.isTrue) ?? false }
        return isTrue("watch") || isTrue("follow")
    }

    /// The answer: max-inflight's plain-text 429, or a JSON `Status` for 401, 403 and 5xx.
    var response: SandboxHTTPResponse {
        var response: SandboxHTTPResponse
        if status == 429 {
            response = .text(429, "Too many requests, please try again later.\n")
        } else {
            let (reason, message) =
                switch status {
                case 401: ("Unauthorized", "Unauthorized")
                case 403:
                    (
                        "Forbidden",
                        "pods is forbidden: User \"system:serviceaccount:default:updraft\" cannot access resource "
                            + "\"pods\" in API group \"\" (injected by the sandbox)"
                    )
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
