/// Whether and how far an HTTP client follows redirects (3xx with a `Location`).
public struct RedirectPolicy: Sendable, Hashable, CustomStringConvertible {
    /// The most redirects followed; 0 means redirects are returned as responses.
    public let maximumCount: Int

    /// Follow up to `max` redirects; one more fails with ``CurlError/Code/tooManyRedirects``.
    public static func follow(max: Int = 10) -> RedirectPolicy { RedirectPolicy(maximumCount: Swift.max(0, max)) }

    /// Return 3xx responses to the caller as they are.
    public static let doNotFollow = RedirectPolicy(maximumCount: 0)

    /// For example `follow(max: 10)`.
    public var description: String { maximumCount == 0 ? "doNotFollow" : "follow(max: \(maximumCount))" }
}
