/// A fault a stand-in answers instead of its normal response, for the next ``count`` requests that match: the
/// misbehaviour of a gateway, a proxy or an overloaded API that clients must survive. Tests switch faults on per
/// stand-in (``TalendCloudSimulator/injectFault(_:)``); the demo never does.
public struct SandboxHTTPFault: Sendable, Hashable {
    /// What a faulted request gets.
    public enum Answer: Sendable, Hashable {
        /// An error status (a 5xx, 429) with the stand-in's error body and, when set, `Retry-After`.
        case status(Int, retryAfterSeconds: Int?)
        /// `200 OK` with an HTML page where JSON was due, as a proxy or a login portal answers.
        case notJSON
        /// `200 OK` with a body of `bytes` bytes announced by `Content-Length`, produced as the client reads it.
        case hugeBody(bytes: Int)
        /// `200 OK` with a chunked body that never ends, produced as the client reads it.
        case endlessBody
        /// `200 OK` with a chunked body that trickles one byte every `interval` and never ends: a stalled upstream.
        case slowBody(interval: Duration)
    }

    /// The request method the fault applies to; `nil` for every method.
    public var method: String?
    /// The request path, e.g. `"/processing/executions"`; a trailing `*` matches any path that starts with what
    /// precedes it (`"/processing/executions/*"`: the status of any run).
    public var path: String
    /// What the matching requests get.
    public var answer: Answer
    /// How many matching requests still get the fault.
    public var count: Int

    /// Creates a fault; see also the static members for the usual ones.
    public init(method: String? = nil, path: String, answer: Answer, count: Int = 1) {
        self.method = method
        self.path = path
        self.answer = answer
        self.count = count
    }

    /// The next `count` requests to `path` answer `status`, with `Retry-After` when `retryAfterSeconds` is set.
    public init(method: String? = nil, path: String, status: Int, retryAfterSeconds: Int? = nil, count: Int = 1) {
        self.init(method: method, path: path, answer: .status(status, retryAfterSeconds: retryAfterSeconds),
                  count: count)
    }

    /// The next `count` requests to `path` answer 503 Service Unavailable, with `Retry-After` when given.
    public static func unavailable(
        path: String, count: Int = 1, retryAfterSeconds: Int? = nil, method: String? = nil
    ) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, status: 503, retryAfterSeconds: retryAfterSeconds, count: count)
    }

    /// The next `count` requests to `path` answer 500 Internal Server Error.
    public static func serverError(path: String, count: Int = 1, method: String? = nil) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, status: 500, count: count)
    }

    /// The next `count` requests to `path` answer 429 Too Many Requests, with `Retry-After` when given.
    public static func rateLimited(
        path: String, count: Int = 1, retryAfterSeconds: Int? = 1, method: String? = nil
    ) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, status: 429, retryAfterSeconds: retryAfterSeconds, count: count)
    }

    /// The next `count` requests to `path` answer `200 OK` with an HTML page instead of JSON.
    public static func notJSON(path: String, count: Int = 1, method: String? = nil) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, answer: .notJSON, count: count)
    }

    /// The next `count` requests to `path` answer `200 OK` with `bytes` bytes (a `Content-Length` body).
    public static func hugeBody(path: String, bytes: Int, count: Int = 1, method: String? = nil) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, answer: .hugeBody(bytes: bytes), count: count)
    }

    /// The next `count` requests to `path` answer `200 OK` with a chunked body that never ends.
    public static func endlessBody(path: String, count: Int = 1, method: String? = nil) -> SandboxHTTPFault {
        SandboxHTTPFault(method: method, path: path, answer: .endlessBody, count: count)
    }

    /// The next `count` requests to `path` answer `200 OK` with one byte every `interval`, never ending.
    public static func slowBody(path: String, interval: Duration, count: Int = 1, method: String? = nil)
        -> SandboxHTTPFault
    {
        SandboxHTTPFault(method: method, path: path, answer: .slowBody(interval: interval), count: count)
    }

    /// Whether the fault still applies to `request`.
    public func matches(_ request: SandboxHTTPRequest) -> Bool {
        let pathMatches = path.hasSuffix("*") ? request.path.hasPrefix(path.dropLast()) : path == request.path
        return count > 0 && pathMatches && (method.map { $0 == request.method } ?? true)
    }

    /// The faulty response; an error status gets the body `errorBody(status, reason)` renders, in the stand-in's
    /// own error format.
    public func response(errorBody: (_ status: Int, _ reason: String) -> SandboxHTTPResponse) -> SandboxHTTPResponse {
        switch answer {
        case .status(let status, let retryAfterSeconds):
            var response = errorBody(status, Self.reason(status))
            if let retryAfterSeconds { response.headers.append(("Retry-After", "\(retryAfterSeconds)")) }
            return response
        case .notJSON:
            return SandboxHTTPResponse(
                status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                body: .bytes(Array("<html><body><h1>Gateway</h1><p>Please sign in.</p></body></html>\n".utf8)))
        case .hugeBody(let bytes):
            return SandboxHTTPResponse(status: 200, headers: [("Content-Type", "application/json")],
                                       body: .sized(length: bytes, SandboxBodyProducer.bytes(bytes)))
        case .endlessBody:
            return SandboxHTTPResponse(status: 200, headers: [("Content-Type", "application/json")],
                                       body: .stream(SandboxBodyProducer.endless()))
        case .slowBody(let interval):
            return SandboxHTTPResponse(status: 200, headers: [("Content-Type", "application/json")],
                                       body: .stream(SandboxBodyProducer.trickle(every: interval)))
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}
