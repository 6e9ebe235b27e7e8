public import Foundation
import Updraft
public import UpdraftCurl

/// When an ``HTTPHook`` repeats a request inside one task try: on connection errors and on 429 and 5xx answers,
/// with exponential backoff, honouring `Retry-After` (airflow-anchor §3.1 `retry_args`, made safe by default).
///
/// Only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) are repeated after a failure that may have reached
/// the server; any method is repeated when the server cannot have acted on it (no connection, or 429 Too Many
/// Requests). Waits go through the run's clock, so tests skip them.
public struct HTTPRetryPolicy: Sendable, Hashable {
    /// The most attempts, the first included (1 = no retry).
    public var maxAttempts: Int
    /// The wait before the first retry.
    public var initialDelay: Duration
    /// The factor applied to the wait after each retry.
    public var multiplier: Double
    /// The longest wait, also the cap of a server's `Retry-After`.
    public var maxDelay: Duration
    /// The statuses that are retried.
    public var retryableStatuses: Set<Int>
    /// Also repeat non-idempotent requests (POST, PATCH) after 5xx and transport failures.
    public var retryNonIdempotent: Bool

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3, initialDelay: Duration = .seconds(1), multiplier: Double = 2,
        maxDelay: Duration = .seconds(60), retryableStatuses: Set<Int> = [429, 500, 502, 503, 504],
        retryNonIdempotent: Bool = false
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
        self.retryNonIdempotent = retryNonIdempotent
    }

    /// Three attempts, 1 s then 2 s apart (or as the server's `Retry-After` says, up to 60 s).
    public static let `default` = HTTPRetryPolicy()
    /// One attempt.
    public static let never = HTTPRetryPolicy(maxAttempts: 1)

    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]

    /// The wait before attempt `attempt + 1` after `response` (nil after a transport failure), or nil when the
    /// request must not be repeated.
    public func delay(afterAttempt attempt: Int, method: HTTPMethod, response: HTTPResponse?, error: CurlError?,
                      now: Date) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let idempotent = retryNonIdempotent || Self.idempotentMethods.contains(method.rawValue.uppercased())
        if let response {
            guard retryableStatuses.contains(response.status), idempotent || response.status == 429 else { return nil }
            if let retryAfter = response.headers["Retry-After"].flatMap({ Self.parseRetryAfter($0, now: now) }) {
                return min(retryAfter, maxDelay)
            }
        } else if let error {
            let notSent = error.code == .couldNotConnect || error.code == .couldNotResolveHost
            let transient = notSent || [.timedOut, .sendFailed, .receiveFailed].contains(error.code)
            guard transient, idempotent || notSent else { return nil }
        } else {
            return nil
        }
        // Capped before converting: after many attempts the product overflows to infinity.
        let seconds = Double.minimum(initialDelay.inSeconds * pow(multiplier, Double(attempt - 1)), maxDelay.inSeconds)
        return .milliseconds(max(0, seconds) * 1000)
    }

    /// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); nil when unreadable.
    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
