extension CurlClient {
    /// Defaults for every transfer of a client, and the client's connection settings.
    public struct Configuration: Sendable {
        /// 16 MiB: the default of ``maximumResponseSize``.
        public static let defaultMaximumResponseSize = 16 << 20

        /// Timeouts for requests that do not set their own.
        public var timeouts: Timeouts
        /// TLS settings for requests that do not set their own.
        public var tls: TLSConfiguration
        /// Where transfers whose TLS settings name no trust roots find CA certificates; by default what
        /// `CURL_CA_BUNDLE`, `SSL_CERT_DIR` or `SSL_CERT_FILE` said when the configuration was made.
        public var trustStore: DefaultTrustStore
        /// The proxy for requests that do not set their own; the environment variables by default.
        public var proxy: ProxyConfiguration
        /// Redirect handling for requests that do not set their own; follows up to 10 by default.
        public var redirects: RedirectPolicy
        /// The most simultaneous connections to one host; `nil` for no limit. Transfers beyond it wait for a
        /// free connection. HTTP/2 multiplexes many requests on one connection regardless.
        public var maximumConnectionsPerHost: Int?
        /// The `User-Agent` header.
        public var userAgent: String
        /// How many body bytes a stream buffers before it pauses the transfer until the consumer catches up.
        public var streamBufferSize: Int
        /// The largest body ``CurlClient/execute(_:)`` keeps in memory (16 MiB by default); a longer one stops the
        /// transfer with ``CurlError/Code/responseTooLarge`` as soon as it is known to be too long. Streams are not
        /// limited: their consumer holds the bytes.
        public var maximumResponseSize: Int
        /// The name of the client's event-loop thread (first 15 bytes), as shown by `top -H` or a debugger.
        public var threadName: String

        /// Creates a configuration; the defaults suit most clients.
        public init(
            timeouts: Timeouts = Timeouts(), tls: TLSConfiguration = .default,
            trustStore: DefaultTrustStore = .processEnvironment,
            proxy: ProxyConfiguration = .environment, redirects: RedirectPolicy = .follow(),
            maximumConnectionsPerHost: Int? = nil, userAgent: String = "Updraft (libcurl)",
            streamBufferSize: Int = 1 << 20, maximumResponseSize: Int = defaultMaximumResponseSize,
            threadName: String = "updraft-curl"
        ) {
            self.timeouts = timeouts
            self.tls = tls
            self.trustStore = trustStore
            self.proxy = proxy
            self.redirects = redirects
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.userAgent = userAgent
            self.streamBufferSize = streamBufferSize
            self.maximumResponseSize = maximumResponseSize
            self.threadName = threadName
        }
    }
}
