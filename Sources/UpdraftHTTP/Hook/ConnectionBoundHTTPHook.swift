public import Updraft

/// An ``HTTPHook`` that stands in for the live hook of a connection and wants to see that connection: given the
/// connection the live hook would have been built from, it returns the hook to use. `MockHTTPHook` conforms, so a
/// test records the URL and headers (the connection's `Authorization` extra among them) the live hook would send.
///
/// ``Updraft/TaskContext/httpHook(connID:)`` binds such an override to the run's connection, or to nil when the run
/// has none with that id.
public protocol ConnectionBoundHTTPHook: HTTPHook {
    /// The hook to use for `connection` (nil when the run has no such connection); `masker` is the run's.
    func bound(to connection: HTTPConnection?, masker: SecretMasker) -> any HTTPHook
}
