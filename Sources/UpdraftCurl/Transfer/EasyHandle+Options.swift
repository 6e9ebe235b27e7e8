internal import CCurl

extension EasyHandle {
    /// Applies timeouts. libcurl treats 0 as "no limit", hence the explicit resets.
    func apply(_ timeouts: Timeouts) throws(CurlError) {
        try set(.connectTimeoutMS, timeouts.connect?.curlMilliseconds ?? 0)
        try set(.timeoutMS, timeouts.request?.curlMilliseconds ?? 0)
        if let lowSpeed = timeouts.lowSpeed {
            try set(.lowSpeedLimit, max(1, lowSpeed.bytesPerSecond))
            try set(.lowSpeedTime, max(1, (lowSpeed.duration.curlMilliseconds + 999) / 1000))
        }
    }

    /// Applies TLS settings. Verification stays libcurl's default (on) unless the insecure switch is set; without
    /// trust roots of its own a verifying transfer uses the client's `trustStore`.
    func apply(_ tls: TLSConfiguration, trustStore: DefaultTrustStore) throws(CurlError) {
        if tls.insecureSkipTLSVerify {
            try set(.verifyPeer, 0)
            try set(.verifyHost, 0)
        } else {
            try set(.verifyPeer, 1)
            try set(.verifyHost, 2)
        }
        switch tls.trustRoots?.storage {
        case .file(let path): try set(StringOption.caInfo, path)
        case .pem(let bytes): try set(BlobOption.caInfo, bytes)
        case nil where !tls.insecureSkipTLSVerify:
            if let file = trustStore.caFile { try set(StringOption.caInfo, file) }
            if let directory = trustStore.caDirectory { try set(.caPath, directory) }
        case nil: break
        }
        switch tls.clientCertificate?.storage {
        case .file(let path): try set(StringOption.sslCert, path)
        case .pem(let bytes): try set(BlobOption.sslCert, bytes)
        case nil: break
        }
        switch tls.clientKey?.storage {
        case .file(let path): try set(StringOption.sslKey, path)
        case .pem(let bytes): try set(BlobOption.sslKey, bytes)
        case nil: break
        }
        if tls.clientCertificate != nil { try set(.sslCertType, "PEM") }
        if tls.clientKey != nil { try set(.sslKeyType, "PEM") }
        if let password = tls.clientKeyPassword { try set(.keyPassword, password) }
    }

    /// Applies proxy settings. With `.environment` nothing is set, so libcurl keeps reading `*_proxy` and
    /// `NO_PROXY` itself; an empty `CURLOPT_PROXY` disables proxies entirely.
    func apply(_ proxy: ProxyConfiguration) throws(CurlError) {
        switch proxy.storage {
        case .environment:
            break
        case .direct:
            try set(.proxy, "")
        case .explicit(let url, let noProxy, let username, let password):
            try set(.proxy, url)
            try set(.noProxy, noProxy.joined(separator: ","))
            if let username { try set(.proxyUsername, username) }
            if let password { try set(.proxyPassword, password) }
        }
    }
}

/// How a TLS server name override is routed: libcurl has no SNI-only option in 7.88, so the URL's host becomes
/// the server name (which libcurl then sends as SNI and verifies the certificate against) and
/// `CURLOPT_CONNECT_TO` sends the connection to the original host and port.
struct ServerNameRoute {
    /// The URL to give libcurl.
    let url: String
    /// The `CURLOPT_CONNECT_TO` entry, if the host was rewritten.
    let connectTo: String?
    /// The original `host:port`, for an HTTP `Host` header.
    let originalAuthority: String?

    init(url: String, serverName: String?) throws(CurlError) {
        guard let serverName, !serverName.isEmpty else {
            self.url = url
            connectTo = nil
            originalAuthority = nil
            return
        }
        let invalid = CurlError(code: .invalidRequest, message: "cannot route the TLS server name \(serverName)",
                                url: CurlURL.redact(url))
        guard let parsed = CurlURL(url), let host = parsed.host, let port = parsed.port,
            parsed.setHost(serverName), let rewritten = parsed.string
        else { throw invalid }
        self.url = rewritten
        connectTo = "\(serverName):\(port):\(host):\(port)"
        originalAuthority = "\(host):\(port)"
    }
}
