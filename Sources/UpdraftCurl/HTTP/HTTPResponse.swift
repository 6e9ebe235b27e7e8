/// A complete HTTP response. Any status, including 4xx and 5xx, is a response, not an error.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (after followed redirects).
    public var status: Int
    /// The header fields of the final response.
    public var headers: HTTPHeaders
    /// The body, decoded from any transfer encoding but not decompressed.
    public var body: [UInt8]

    /// Creates a response (useful for test doubles).
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid sequences are replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
