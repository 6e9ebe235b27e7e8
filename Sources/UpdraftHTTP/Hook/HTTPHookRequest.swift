public import Updraft
public import UpdraftCurl

/// One request for an ``HTTPHook``: relative to the connection's base URL, with headers and options that are
/// merged over the connection's (airflow-anchor §3.3: connection extras < ``defaultHeaders`` < ``headers``).
public struct HTTPHookRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path appended to the base URL (or an absolute URL); nil for the base URL itself.
    public var endpoint: String?
    /// Query items appended to the URL, already decoded (they are percent-encoded when sent).
    public var query: [(name: String, value: String)]
    /// Headers that win over the connection's extras but lose to ``headers`` (Airflow's `default_headers`),
    /// such as the `Content-Type` of a JSON body.
    public var defaultHeaders: HTTPHeaders
    /// The request's own headers; they win over everything.
    public var headers: HTTPHeaders
    /// The body; nil for none.
    public var body: [UInt8]?
    /// Options that win over the connection's reserved extras (an operator's `extraOptions`).
    public var extraOptions: [String: JSONValue]
    /// When and how failed attempts are repeated.
    public var retry: HTTPRetryPolicy

    /// Creates a request.
    public init(
        method: HTTPMethod = .get, endpoint: String? = nil, query: [(name: String, value: String)] = [],
        defaultHeaders: HTTPHeaders = [:], headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        extraOptions: [String: JSONValue] = [:], retry: HTTPRetryPolicy = .default
    ) {
        self.method = method
        self.endpoint = endpoint
        self.query = query
        self.defaultHeaders = defaultHeaders
        self.headers = headers
        self.body = body
        self.extraOptions = extraOptions
        self.retry = retry
    }

    /// The `endpoint` with the query appended, percent-encoded as a form (`requests` does the same).
    public var pathAndQuery: String {
        let path = endpoint ?? ""
        guard !query.isEmpty else { return path }
        return path + (path.contains("?") ? "&" : "?") + FormEncoding.encode(query)
    }
}
