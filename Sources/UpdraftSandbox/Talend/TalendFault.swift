/// An injected failure: the next `count` requests to `path` (and `method`, when set) get this error status
/// instead of their normal answer, before authentication, as a failing gateway would answer.
public struct TalendFault: Sendable, Hashable {
    /// The request method the fault applies to; `nil` for every method.
    public var method: String?
    /// The exact request path, e.g. `"/processing/executions"`.
    public var path: String
    /// The status answered, e.g. 503.
    public var status: Int
    /// The `Retry-After` header value in seconds, when set.
    public var retryAfterSeconds: Int?
    /// How many matching requests still get the fault.
    public var count: Int

    /// Creates a fault; see also the static members for the usual ones.
    public init(method: String? = nil, path: String, status: Int, retryAfterSeconds: Int? = nil, count: Int = 1) {
        self.method = method
        self.path = path
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.count = count
    }

    /// The next `count` requests to `path` answer 503 Service Unavailable.
    public static func unavailable(path: String, count: Int = 1, method: String? = nil) -> TalendFault {
        TalendFault(method: method, path: path, status: 503, count: count)
    }

    /// The next `count` requests to `path` answer 500 Internal Server Error.
    public static func serverError(path: String, count: Int = 1, method: String? = nil) -> TalendFault {
        TalendFault(method: method, path: path, status: 500, count: count)
    }

    /// The next `count` requests to `path` answer 429 Too Many Requests, with `Retry-After` when given.
    public static func rateLimited(
        path: String, count: Int = 1, retryAfterSeconds: Int? = 1, method: String? = nil
    ) -> TalendFault {
        TalendFault(method: method, path: path, status: 429, retryAfterSeconds: retryAfterSeconds, count: count)
    }

    func matches(_ request: SandboxHTTPRequest) -> Bool {
        count > 0 && path == request.path && (method.map { $0 == request.method } ?? true)
    }

    var response: SandboxHTTPResponse {
        let message =
            switch status {
            case 429: "Too Many Requests"
            case 500: "Internal Server Error"
            case 502: "Bad Gateway"
            case 503: "Service Unavailable"
            default: "Error"
            }
        var response = TalendErrorResponse(status: status, message: message, detail: "Injected by the sandbox").response
        if let retryAfterSeconds { response.headers.append(("Retry-After", "\(retryAfterSeconds)")) }
        return response
    }
}
