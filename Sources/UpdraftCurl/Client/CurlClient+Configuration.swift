extension CurlClient {
    /// Defaults for every transfer of a client, and the client's connection settings.
    public struct Configuration: Sendable {
        /// Timeouts for requests that do not set their own.
        public var timeouts: Timeouts
        /// TLS settings for requests that do not set their own.
        public var tls: TLSConfiguration
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
        /// The name of the client's event-loop thread (first 15 bytes), as shown by `top -H` or a debugger.
        public var threadName: String

        /// Creates a configuration; the defaults suit most clients.
        public init(
            timeouts: Timeouts = Timeouts(), tls: TLSConfiguration = .default,
            proxy: ProxyConfiguration = .environment, redirects: RedirectPolicy = .follow(),
            maximumConnectionsPerHost: Int? = nil, userAgent: String = "Updraft (libcurl)",
            streamBufferSize: Int = 1 << 20, threadName: String = "updraft-curl"
        ) {
            self.timeouts = timeouts
            self.tls = tls
            self.proxy = proxy
            self.redirects = redirects
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.userAgent = userAgent
            self.streamBufferSize = streamBufferSize
            self.threadName = threadName
        }
    }
}
