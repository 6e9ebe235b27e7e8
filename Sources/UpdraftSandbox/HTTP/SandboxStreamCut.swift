import Synchronization

/// A way for a stand-in to end a streamed response abnormally, as a network fault would: set ``request(_:)``
/// before finishing the body stream, and the server drops the connection instead of sending the final chunk.
///
/// Attach it to a response with ``SandboxHTTPResponse/cut``. Clients then see what a load balancer or a
/// restarting API server gives them: libcurl reports `transfer closed with outstanding read data remaining`
/// (``Mode/close``) or a connection reset (``Mode/reset``).
public final class SandboxStreamCut: Sendable {
    /// How the connection ends.
    public enum Mode: Sendable, Hashable {
        /// Close the connection (a FIN, after TLS's `close_notify`) without the terminating chunk.
        case close
        /// Reset the connection (`SO_LINGER` 0: a TCP RST).
        case reset
    }

    private let requested = Mutex<Mode?>(nil)

    /// Creates a cut that is not requested yet.
    public init() {}

    /// Asks the server to end the response with `mode` once the body stream finishes.
    public func request(_ mode: Mode) {
        requested.withLock { $0 = mode }
    }

    /// The requested mode, if any.
    public var mode: Mode? { requested.withLock { $0 } }
}
