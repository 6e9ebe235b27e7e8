extension PostgresRunStore {
    /// How the store's connection pool behaves.
    public struct Options: Sendable, Hashable {
        /// The most connections the pool opens at once, the one listening for changes included (at least 2).
        public var maximumConnections: Int
        /// Connections kept open even when idle, so the first statement after a quiet spell needs no handshake.
        public var minimumConnections: Int
        /// How long a connection above ``minimumConnections`` stays open while idle.
        public var connectionIdleTimeout: Duration

        /// Pool settings; the defaults suit one engine or scheduler per process.
        public init(maximumConnections: Int = 10, minimumConnections: Int = 1,
                    connectionIdleTimeout: Duration = .seconds(60)) {
            self.maximumConnections = maximumConnections
            self.minimumConnections = minimumConnections
            self.connectionIdleTimeout = connectionIdleTimeout
        }
    }
}
