public import Logging

/// An asynchronous HTTP(S) and SMTP client over libcurl.
///
/// Each client runs one event-loop thread that owns every transfer (see <doc:ThreadingModel>); any task may
/// call it concurrently. Use ``shared`` unless you need different defaults, and call ``shutdown()`` on clients
/// you create. HTTP/2 is used when the server offers it over TLS, and connections are reused.
public final class CurlClient: Sendable {
    /// A process-wide client with the default configuration; never shut down.
    public static let shared: CurlClient = {
        do {
            return try CurlClient()
        } catch {
            // Only reachable if the process cannot create a thread or libcurl cannot allocate its multi handle.
            preconditionFailure("cannot start the shared libcurl client: \(error)")
        }
    }()

    /// The defaults applied to requests that do not set their own.
    public let configuration: Configuration
    let loop: CurlLoop
    let logger: Logger

    /// Starts a client and its event-loop thread.
    /// - Parameters:
    ///   - configuration: Defaults for transfers and connection settings.
    ///   - logger: Receives debug messages about transfers; silent by default.
    /// - Throws: ``CurlError`` if libcurl or the thread cannot be started.
    public init(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "updraft.curl", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(CurlError) {
        self.configuration = configuration
        self.logger = logger
        loop = try CurlLoop(
            threadName: configuration.threadName,
            maximumConnectionsPerHost: configuration.maximumConnectionsPerHost)
        try loop.start()
    }

    /// Stops a client dropped without ``shutdown()``: its thread fails any transfer left and exits on its own.
    deinit { loop.shutdownDetached() }

    /// Fails every transfer still running with ``CurlError/Code/clientShutDown``, closes all connections and
    /// stops the event-loop thread; returns when that is done. Later calls fail the same way.
    public func shutdown() async {
        await loop.shutdown()
        logger.debug("libcurl client shut down")
    }
}
