/// A request the Talend simulator received, kept for assertions; the bearer token itself is never stored.
public struct TalendRecordedRequest: Sendable {
    /// The request method.
    public var method: String
    /// The decoded path.
    public var path: String
    /// The decoded query items.
    public var query: [(name: String, value: String)]
    /// The headers, with an `Authorization` value replaced by its scheme and `<redacted>`.
    public var headers: [(name: String, value: String)]
    /// The request body.
    public var body: [UInt8]
    /// The status the simulator answered.
    public var status: Int

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    init(_ request: SandboxHTTPRequest, status: Int) {
        method = request.method
        path = request.path
        query = request.query
        headers = request.headers.map { header in
            guard header.name.lowercased() == "authorization" else { return header }
            // Keep the scheme only when a credential follows it, so a bare token is never mistaken for one.
            let parts = header.value.split(separator: " ", maxSplits: 1)
            return (header.name, parts.count == 2 ? "\(parts[0]) <redacted>" : "<redacted>")
        }
        body = request.body
        self.status = status
    }
}
