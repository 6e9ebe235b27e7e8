public import UpdraftCurl

extension HTTPConnection {
    /// The request the live hook sends for `request`: the URL under ``baseURL``, headers by precedence
    /// (connection < `defaultHeaders` < `headers`, then Basic auth from the login, as `requests` applies
    /// `session.auth` last), and the options merged over the connection's. `MockHTTPHook` records the same.
    public func curlRequest(for request: HTTPHookRequest, options: HTTPRequestOptions) -> UpdraftCurl.HTTPRequest {
        var merged = request.mergedHeaders(over: headers)
        if let basic = basicAuthorization { merged.replaceOrAdd(name: "Authorization", value: basic) }
        return UpdraftCurl.HTTPRequest(
            method: request.method, url: url(for: request.pathAndQuery), headers: merged, body: request.body,
            timeouts: options.timeouts, tls: options.tls, proxy: options.proxy, redirects: options.redirects,
            maximumResponseSize: options.maximumResponseSize)
    }
}

extension HTTPHookRequest {
    /// The headers sent for this request over `base` (a connection's): `base` < ``defaultHeaders`` < ``headers``.
    public func mergedHeaders(over base: HTTPHeaders = [:]) -> HTTPHeaders {
        var merged = base
        for field in defaultHeaders { merged.replaceOrAdd(name: field.name, value: field.value) }
        for field in headers { merged.replaceOrAdd(name: field.name, value: field.value) }
        return merged
    }
}
