internal import CCurl

/// A URL parsed by libcurl's own parser (`curl_url`), so Swift and libcurl always agree on what the host is.
///
/// Used to strip credentials before a URL appears in an error, and to route a TLS server name override.
struct CurlURL: ~Copyable {
    private let handle: OpaquePointer

    init?(_ string: String) {
        guard let handle = curl_url() else { return nil }
        guard curl_url_set(handle, CURLUPART_URL, string, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            curl_url_cleanup(handle)
            return nil
        }
        self.handle = handle
    }

    deinit { curl_url_cleanup(handle) }

    var host: String? { part(CURLUPART_HOST, flags: 0) }
    /// The explicit port, or the scheme's default one.
    var port: String? { part(CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)) }
    var string: String? { part(CURLUPART_URL, flags: 0) }

    /// `url` without user name, password or login options, for errors and logs. Parsing is skipped when the
    /// text has no `@` (a URL cannot carry credentials without one), since this runs for every request.
    static func redact(_ url: String) -> String {
        guard url.utf8.contains(UInt8(ascii: "@")) else { return url }
        return CurlURL(url)?.redacted ?? "<unparseable URL>"
    }

    /// The URL without user name, password or login options.
    var redacted: String? {
        for part in [CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS] {
            curl_url_set(handle, part, nil, 0)
        }
        return string
    }

    func setHost(_ host: String) -> Bool {
        curl_url_set(handle, CURLUPART_HOST, host, 0) == CURLUE_OK
    }

    private func part(_ part: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
