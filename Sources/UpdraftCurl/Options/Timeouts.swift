/// How long a transfer may take. `nil` means no limit of that kind.
public struct Timeouts: Sendable, Hashable {
    /// The longest time to establish the connection, including DNS and the TLS handshake.
    public var connect: Duration?
    /// The longest time for the whole transfer. Leave `nil` for endless streams (logs, watches).
    public var request: Duration?
    /// Abort when fewer than `bytesPerSecond` arrive for `duration`: the right guard for long streams, which a
    /// whole-request timeout would cut off. For SMTP, `duration` also bounds the wait for each server reply.
    public var lowSpeed: LowSpeedLimit?

    /// A minimum transfer speed sustained over a period.
    public struct LowSpeedLimit: Sendable, Hashable {
        /// The speed below which the transfer counts as stalled.
        public var bytesPerSecond: Int
        /// How long the transfer may stay below that speed; libcurl counts it in whole seconds (at least 1).
        public var duration: Duration

        /// Creates a low-speed limit.
        public init(bytesPerSecond: Int, duration: Duration) {
            self.bytesPerSecond = bytesPerSecond
            self.duration = duration
        }
    }

    /// Creates timeouts; by default a 10-second connect timeout and no other limit.
    public init(connect: Duration? = .seconds(10), request: Duration? = nil, lowSpeed: LowSpeedLimit? = nil) {
        self.connect = connect
        self.request = request
        self.lowSpeed = lowSpeed
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a tiny positive timeout never becomes 0 ("no timeout" to libcurl).
    /// Saturates at 10¹⁵ ms (about 31,700 years), so that a huge duration never overflows.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds < 1_000_000_000_000 else { return 1_000_000_000_000_000 }
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let remainder = attoseconds % 1_000_000_000_000_000
        return Int(max(1, remainder > 0 ? millis + 1 : millis))
    }
}
