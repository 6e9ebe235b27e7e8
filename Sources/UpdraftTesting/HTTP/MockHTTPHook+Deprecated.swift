public import UpdraftCurl
public import UpdraftHTTP

// Spellings of the first MockHTTPHook, kept so existing tests compile while they move to `calls` and typed methods.
extension MockHTTPHook {
    /// The requests as the operators built them.
    @available(*, deprecated, message: "use calls.all (the requests as sent, connection headers included)")
    public var requests: [HTTPHookRequest] { calls.all.map(\.request) }

    /// The requests received for `method` and `path`.
    @available(*, deprecated, message: "use calls(.post, path)")
    public func requests(_ method: String, _ path: String) -> [HTTPHookRequest] {
        calls(HTTPMethod(method.uppercased()), path).map(\.request)
    }

    /// Answers every `method path` request with one response.
    @available(*, deprecated, message: "use stub(.post, path, status:body:headers:) with an HTTPMethod")
    public func stub(_ method: String, _ path: String, status: Int = 200, body: String = "", headers: HTTPHeaders = [:]) {
        stub(HTTPMethod(method.uppercased()), path, status: status, body: body, headers: headers)
    }

    /// Answers `method path` requests with `responses` in order.
    @available(*, deprecated, message: "use stub(.get, path, responses:) with an HTTPMethod")
    public func stub(_ method: String, _ path: String, responses: [HTTPResponse]) {
        stub(HTTPMethod(method.uppercased()), path, responses: responses)
    }

    /// Fails every `method path` request with `error`.
    @available(*, deprecated, message: "use stub(.get, path, error:) with an HTTPMethod")
    public func stub(_ method: String, _ path: String, error: any Error) {
        stub(HTTPMethod(method.uppercased()), path, error: error)
    }
}

extension HTTPHookRequest {
    /// The headers without the connection's.
    @available(*, deprecated, message: "use MockHTTPHook.Call.headers, which include the connection's")
    public var effectiveHeaders: HTTPHeaders { mergedHeaders() }
}
