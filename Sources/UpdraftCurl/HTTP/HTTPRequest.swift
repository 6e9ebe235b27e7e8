/// An HTTP request: method, URL, headers, body, and options that override the client's defaults.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The method; `.get` by default.
    public var method: HTTPMethod
    /// The absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields to send. A field with an empty value sends the header with no value.
    public var headers: HTTPHeaders
    /// The request body, sent with a `Content-Length`; `nil` for none.
    public var body: [UInt8]?
    /// Timeouts for this request; `nil` uses the client's ``CurlClient/Configuration/timeouts``.
    public var timeouts: Timeouts?
    /// TLS settings for this request; `nil` uses the client's ``CurlClient/Configuration/tls``.
    public var tls: TLSConfiguration?
    /// The proxy for this request; `nil` uses the client's ``CurlClient/Configuration/proxy``.
    public var proxy: ProxyConfiguration?
    /// Redirect handling for this request; `nil` uses the client's ``CurlClient/Configuration/redirects``.
    public var redirects: RedirectPolicy?
    /// The largest body kept for this request, in bytes; `nil` uses the client's
    /// ``CurlClient/Configuration/maximumResponseSize``.
    public var maximumResponseSize: Int?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        timeouts: Timeouts? = nil, tls: TLSConfiguration? = nil, proxy: ProxyConfiguration? = nil,
        redirects: RedirectPolicy? = nil, maximumResponseSize: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.tls = tls
        self.proxy = proxy
        self.redirects = redirects
        self.maximumResponseSize = maximumResponseSize
    }

    /// Method and URL without credentials, and the body size: never header values or body bytes.
    public var description: String {
        let shownURL = CurlURL.redact(url)
        return "\(method) \(shownURL)" + (body.map { " (\($0.count) bytes)" } ?? "")
    }
}
