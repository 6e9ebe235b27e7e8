/// Which proxy a transfer goes through.
public struct ProxyConfiguration: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case environment
        case direct
        case explicit(url: String, noProxy: [String], username: String?, password: String?)
    }

    let storage: Storage

    /// The standard environment variables, read by libcurl for each transfer: `http_proxy`, `HTTPS_PROXY`,
    /// `ALL_PROXY` and `NO_PROXY` (the default).
    public static let environment = ProxyConfiguration(storage: .environment)

    /// No proxy, whatever the environment says.
    public static let direct = ProxyConfiguration(storage: .direct)

    /// An explicit proxy.
    /// - Parameters:
    ///   - url: The proxy, for example `http://proxy.corp:3128` or `socks5h://127.0.0.1:1080`.
    ///   - noProxy: Hosts reached directly: names (a leading dot matches subdomains), IP addresses, CIDR ranges.
    ///   - username: The proxy user, if it requires authentication.
    ///   - password: The proxy password. Never printed.
    public static func proxy(url: String, noProxy: [String] = [], username: String? = nil, password: String? = nil)
        -> ProxyConfiguration
    {
        ProxyConfiguration(storage: .explicit(url: url, noProxy: noProxy, username: username, password: password))
    }

    /// The proxy settings without the password.
    public var description: String {
        switch storage {
        case .environment: return "environment"
        case .direct: return "direct"
        case .explicit(let url, let noProxy, let username, _):
            var text = "proxy(\(CurlURL.redact(url))"
            if !noProxy.isEmpty { text += ", noProxy: \(noProxy.joined(separator: ","))" }
            if let username { text += ", username: \(username), password: <redacted>" }
            return text + ")"
        }
    }
}
