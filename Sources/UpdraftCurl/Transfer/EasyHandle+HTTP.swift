internal import CCurl

extension EasyHandle {
    /// A handle configured for `request`, with the client's defaults for options the request leaves `nil`.
    /// - Parameter maximumBodySize: with a limit, libcurl refuses a response whose `Content-Length` exceeds it
    ///   before reading its body (`CURLOPT_MAXFILESIZE_LARGE`).
    static func http(_ request: HTTPRequest, defaults: CurlClient.Configuration, maximumBodySize: Int?)
        throws(CurlError) -> EasyHandle
    {
        let tls = request.tls ?? defaults.tls
        let route = try ServerNameRoute(url: request.url, serverName: tls.serverName)
        let easy = try EasyHandle(url: route.url)
        do {
            try easy.configureHTTP(request, defaults: defaults, tls: tls, route: route)
            if let maximumBodySize { try easy.set(.maxFileSize, maximumBodySize) }
        } catch {
            easy.cleanup()
            throw error
        }
        return easy
    }

    private func configureHTTP(
        _ request: HTTPRequest, defaults: CurlClient.Configuration, tls: TLSConfiguration, route: ServerNameRoute
    ) throws(CurlError) {
        try set(.protocols, "http,https")
        try set(.redirectProtocols, "http,https")
        try set(.userAgent, defaults.userAgent)
        try set(.httpVersion, Int(CURL_HTTP_VERSION_2TLS))
        try set(.tcpKeepAlive, 1)
        let redirects = request.redirects ?? defaults.redirects
        try set(.followLocation, redirects.maximumCount > 0 ? 1 : 0)
        try set(.maxRedirects, redirects.maximumCount)
        try apply(request.timeouts ?? defaults.timeouts)
        try apply(tls, trustStore: defaults.trustStore)
        try apply(request.proxy ?? defaults.proxy)
        if let connectTo = route.connectTo { try set(.connectTo, [connectTo]) }

        var headers = request.headers
        if let authority = route.originalAuthority, headers["Host"] == nil {
            headers.add(name: "Host", value: authority)
        }
        var lines = try Self.headerLines(headers, url: redactedURL)
        switch (request.method, request.body) {
        case (.head, _):
            try set(.noBody, 1)
        case (.get, nil):
            break
        case (let method, nil):
            try set(.customRequest, method.rawValue)
        case (let method, let body?):
            try setBody(body)
            if method != .post { try set(.customRequest, method.rawValue) }
            // "Name:" removes a header libcurl would add: a form Content-Type, and `Expect: 100-continue`
            // (a round trip of waiting) on large bodies.
            if headers["Content-Type"] == nil { lines.append("Content-Type:") }
            if headers["Expect"] == nil { lines.append("Expect:") }
        }
        try set(.httpHeaders, lines)
    }

    /// `CURLOPT_COPYPOSTFIELDS`: libcurl keeps its own copy, so it can resend the body after a 307/308 redirect.
    private func setBody(_ body: [UInt8]) throws(CurlError) {
        try set(.postFieldSize, body.count)
        let code = body.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else {
                return ccurl_easy_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "")
            }
            return ccurl_easy_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
        }
        guard code == CURLE_OK else {
            throw CurlError(curlCode: code, message: errorText(for: code), url: redactedURL)
        }
    }

    /// `Name: value` lines for `CURLOPT_HTTPHEADER`; an empty value is sent as an empty header (`Name;` in
    /// libcurl's syntax, since `Name:` would remove the header).
    private static func headerLines(_ headers: HTTPHeaders, url: String) throws(CurlError) -> [String] {
        var lines: [String] = []
        for field in headers {
            let text = field.name + field.value
            guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }), !field.name.isEmpty,
                !field.name.contains(":")
            else {
                throw CurlError(code: .invalidRequest, message: "header \(field.name) is malformed", url: url)
            }
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        return lines
    }
}
