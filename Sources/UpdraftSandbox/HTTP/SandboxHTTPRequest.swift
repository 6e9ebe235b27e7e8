/// One HTTP request as a stand-in's handler sees it: decoded path and query, headers and the whole body.
public struct SandboxHTTPRequest: Sendable {
    /// The request method in upper case: `"GET"`, `"POST"`, …
    public var method: String
    /// The percent-decoded path without the query, e.g. `"/api/v1/namespaces/default/pods"`.
    public var path: String
    /// The decoded query items in the order they were sent; a name may repeat.
    public var query: [(name: String, value: String)]
    /// The request headers in the order they were sent.
    public var headers: [(name: String, value: String)]
    /// The whole request body (stand-in requests are small, so it is collected before the handler runs).
    public var body: [UInt8]

    /// Creates a request; the server builds these, tests may build them to call a handler directly.
    /// - Parameters:
    ///   - method: The request method, e.g. `"GET"`.
    ///   - path: The percent-decoded path without the query.
    ///   - query: The decoded query items.
    ///   - headers: The request headers.
    ///   - body: The request body.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name`, compared case-insensitively, or `nil`.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The value of the first query item named `name`, or `nil`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The path split on `/`, without empty segments: `"/a/b/"` gives `["a", "b"]`.
    public var pathSegments: [Substring] {
        path.split(separator: "/")
    }
}
