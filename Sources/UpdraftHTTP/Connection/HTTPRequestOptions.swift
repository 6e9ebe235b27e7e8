public import Updraft
public import UpdraftCurl

/// The request options Airflow's `HttpHook` takes from a connection's reserved extras and from an operator's
/// `extraOptions` (airflow-anchor §3.3 step 5): `timeout`, `verify`/`verify_ssl`, `cert`, `proxies`/`proxy`,
/// `allow_redirects`, `max_redirects`, `trust_env`, `check_response`, `stream`; and Updraft's own
/// `max_response_size`.
///
/// Unlike Airflow, a request always has a timeout: ``defaultTimeout`` unless `timeout` says otherwise (a request
/// without one can hang a worker forever, a known Airflow trap).
public struct HTTPRequestOptions: Sendable, Hashable {
    /// The extras that are options, never headers.
    public static let reservedKeys: Set<String> = [
        "stream", "cert", "proxies", "proxy", "timeout", "verify", "verify_ssl", "allow_redirects", "max_redirects",
        "trust_env", "check_response", "srv_lookup", "max_response_size",
    ]
    /// The whole-request timeout used when none is configured.
    public static let defaultTimeout: Duration = .seconds(60)

    /// The connect and whole-request timeouts (`timeout`: a number of seconds, or `[connect, read]`).
    public var timeouts = Timeouts(connect: .seconds(10), request: defaultTimeout)
    /// TLS verification (`verify`: `true`, `false`, or the path of a CA bundle; `cert`: a client certificate path
    /// or `[certificate, key]` paths).
    public var tls = TLSConfiguration()
    /// The proxy (`proxies`: `{"https": url, "http": url}` or a URL string; `trust_env: false` disables the
    /// environment's proxies).
    public var proxy: ProxyConfiguration = .environment
    /// Redirect handling (`allow_redirects`, default `true`; `max_redirects`, default 30 as in `requests`).
    public var redirects: RedirectPolicy = .follow(max: 30)
    /// Whether a 4xx/5xx response fails the request (`check_response`, default `true`).
    public var checkResponse = true
    /// The largest response body kept, in bytes (`max_response_size`, default 16 MiB); a longer one fails the
    /// request with an ``HTTPTransportError`` whose code is `responseTooLarge`, naming the limit and the URL.
    public var maximumResponseSize = CurlClient.Configuration.defaultMaximumResponseSize

    /// The defaults: 10 s connect and ``defaultTimeout`` request timeouts, verification on, environment proxies,
    /// up to 30 redirects followed, error statuses checked, bodies up to 16 MiB.
    public init() {}

    /// Reads reserved extras.
    /// - Throws: `ConnectionError` `invalidField` naming the key whose value has the wrong type.
    public init(extras: [String: JSONValue], connID: String) throws {
        try apply(extras, connID: connID)
    }

    /// These options with `overrides` applied on top (an operator's `extraOptions` win over the connection's).
    /// - Throws: `ConnectionError` `invalidField` naming the key whose value has the wrong type.
    public func merging(_ overrides: [String: JSONValue], connID: String) throws -> HTTPRequestOptions {
        var merged = self
        try merged.apply(overrides, connID: connID)
        return merged
    }

    private mutating func apply(_ extras: [String: JSONValue], connID: String) throws {
        func invalid(_ key: String, _ expected: String) -> ConnectionError {
            ConnectionError(.invalidField, connID: connID, "extra option '\(key)' must be \(expected)")
        }
        var maxRedirects = redirects.maximumCount == 0 ? 30 : redirects.maximumCount
        var followRedirects = redirects.maximumCount > 0
        for key in extras.keys.sorted() {
            guard let value = extras[key] else { continue }
            switch key {
            case "timeout":
                func duration(_ seconds: Double) throws -> Duration {
                    try GenericConnection.duration(seconds: seconds, field: "extra option '\(key)'", connID: connID)
                }
                if let seconds = value.doubleValue {
                    timeouts.request = try duration(seconds)
                } else if let pair = value.arrayValue, pair.count == 2, let connect = pair[0].doubleValue,
                          let read = pair[1].doubleValue {
                    timeouts.connect = try duration(connect)
                    timeouts.request = try duration(connect) + duration(read)
                } else {
                    throw invalid(key, "a positive number of seconds or [connect, read]")
                }
            case "verify", "verify_ssl":
                if let verify = value.boolValue {
                    tls.insecureSkipTLSVerify = !verify
                } else if let path = value.stringValue {
                    tls.trustRoots = .file(path)
                } else {
                    throw invalid(key, "true, false or the path of a CA bundle")
                }
            case "cert":
                if let path = value.stringValue {
                    tls.clientCertificate = .file(path)
                    tls.clientKey = .file(path)
                } else if let pair = value.arrayValue, pair.count == 2, let cert = pair[0].stringValue,
                          let key = pair[1].stringValue {
                    tls.clientCertificate = .file(cert)
                    tls.clientKey = .file(key)
                } else {
                    throw invalid(key, "a certificate path or [certificate, key] paths")
                }
            case "proxies", "proxy":
                if let url = value.stringValue {
                    proxy = .proxy(url: url)
                } else if let map = value.objectValue {
                    guard let url = (map["https"] ?? map["http"] ?? map["all"])?.stringValue else {
                        throw invalid(key, "a proxy URL or an object with an https or http URL")
                    }
                    proxy = .proxy(url: url)
                } else {
                    throw invalid(key, "a proxy URL or an object with an https or http URL")
                }
            case "trust_env":
                guard let trust = value.boolValue else { throw invalid(key, "true or false") }
                if !trust, proxy == .environment { proxy = .direct }
            case "allow_redirects":
                guard let allow = value.boolValue else { throw invalid(key, "true or false") }
                followRedirects = allow
            case "max_redirects":
                guard let count = value.intValue, count >= 0 else { throw invalid(key, "a non-negative integer") }
                maxRedirects = count
            case "max_response_size":
                guard let bytes = value.intValue, bytes > 0 else { throw invalid(key, "a positive number of bytes") }
                maximumResponseSize = bytes
            case "check_response":
                guard let check = value.boolValue else { throw invalid(key, "true or false") }
                checkResponse = check
            case "stream":
                // Responses are always collected whole; the key is accepted so Airflow connections keep working.
                guard value.boolValue != nil else { throw invalid(key, "true or false") }
            case "srv_lookup":
                guard value.boolValue != true else {
                    throw ConnectionError(.invalidField, connID: connID, "extra option 'srv_lookup' is not supported")
                }
            default:
                throw ConnectionError(.invalidField, connID: connID, "'\(key)' is not a request option")
            }
        }
        redirects = followRedirects ? .follow(max: maxRedirects) : .doNotFollow
    }
}
