/// An error that knows whether trying again can help: the errors of hooks and connections conform, so an operator
/// fails a try at once (without using its retries) when the cause is a configuration that only a person can fix.
///
/// Permanent: an unknown or malformed connection, a hook that cannot be provided, credentials the server refuses
/// (HTTP 401/403, an SMTP login denied), a CA bundle that cannot be read. Transient, and retried as usual: a
/// connection refused, a timeout, 429 and 5xx answers. Wrap an operator's work in
/// ``failingAtOnceWhenPermanent(_:)`` to turn the permanent ones into ``FailWithoutRetry``.
public protocol RetryClassifiedError: Error {
    /// Whether the same call would fail the same way however often it is repeated.
    var isPermanent: Bool { get }
}

/// Runs an operator's work; an error that is ``RetryClassifiedError/isPermanent`` leaves as ``FailWithoutRetry``
/// with the error's description, so the engine fails the try at once instead of waiting out its retries.
/// Every other error, cancellation included, passes unchanged.
public func failingAtOnceWhenPermanent<T>(_ work: () async throws -> T) async throws -> T {
    do {
        return try await work()
    } catch let error as any RetryClassifiedError where error.isPermanent {
        throw FailWithoutRetry("\(error) (not retried: the configuration must change first)")
    }
}

extension ConnectionError: RetryClassifiedError {
    /// Always: a missing or malformed connection stays so until someone fixes it.
    public var isPermanent: Bool { true }
}

extension HookError: RetryClassifiedError {
    /// Always: the run provides the hook or it does not.
    public var isPermanent: Bool { true }
}
