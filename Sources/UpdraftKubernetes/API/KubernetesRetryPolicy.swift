/// How a ``CurlKubernetesHook`` retries calls answered with 429 or 5xx (or not answered at all): up to
/// ``maximumAttempts`` tries, waiting `Retry-After` when the server gives it, else an exponential delay capped at
/// ``maximumDelay``; waits happen on the run's clock.
public struct KubernetesRetryPolicy: Sendable, Hashable {
    /// Tries in total, the first included.
    public var maximumAttempts: Int
    /// The first delay without `Retry-After`; it doubles on each retry.
    public var initialDelay: Duration
    /// The longest delay.
    public var maximumDelay: Duration

    /// Creates a policy; the default follows Airflow (5 attempts, 1 s doubling up to 15 s).
    public init(maximumAttempts: Int = 5, initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(15)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// No retries.
    public static let none = KubernetesRetryPolicy(maximumAttempts: 1)

    /// The wait before retry number `retry` (1-based), honouring the server's `Retry-After` seconds.
    public func delay(beforeRetry retry: Int, retryAfterSeconds: Int?) -> Duration {
        if let retryAfterSeconds { return min(.seconds(max(0, retryAfterSeconds)), maximumDelay) }
        var delay = initialDelay
        for _ in 1..<max(1, retry) { delay = delay * 2 }
        return min(delay, maximumDelay)
    }
}
