public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 (or HTTPS) server on loopback that hands every request to a ``SandboxHTTPHandler``.
///
/// Connections are kept alive and served concurrently; streamed bodies are sent chunked and flushed element by
/// element, with writes awaited so a slow client slows the producer instead of growing a buffer.
public final class SandboxHTTPServer: Sendable {
    /// The port the server listens on (the one the system picked when started with port 0).
    public let port: Int
    /// The server's base URL, `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    public let baseURL: String
    private let serving: Task<Void, Never>

    private init(port: Int, baseURL: String, serving: Task<Void, Never>) {
        self.port = port
        self.baseURL = baseURL
        self.serving = serving
    }

    /// Binds a listening socket and starts serving.
    /// - Parameters:
    ///   - host: The address to bind; loopback by default.
    ///   - port: The port; 0 lets the system pick a free one (read it back from ``port``).
    ///   - tls: Serve HTTPS with these certificates; `nil` for plain HTTP.
    ///   - handler: Answers every request.
    ///   - logger: Receives connection-level diagnostics; disabled by default.
    /// - Returns: The running server; stop it with ``shutdown()``.
    /// - Throws: NIO's error when the address cannot be bound, NIOSSL's when the TLS files cannot be loaded.
    public static func start(
        host: String = SandboxDefaults.host, port: Int = 0, tls: SandboxTLSConfiguration? = nil,
        handler: any SandboxHTTPHandler, logger: Logger = SandboxDefaults.disabledLogger
    ) async throws -> SandboxHTTPServer {
        let sslContext = try tls?.makeServerContext()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    // No pipelining assistance: it stops reading while a response is in flight, which would hide a
                    // client's disconnect during an idle stream. Requests are still answered in order, one at a time,
                    // and the async channel's backpressure bounds what a pipelining client can queue.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = listener.channel.localAddress?.port ?? port
        let scheme = tls == nil ? "http" : "https"
        let urlHost = host.contains(":") ? "[\(host)]" : host
        let serving = Task {
            await serve(listener: listener, handler: handler, logger: logger)
        }
        logger.debug("sandbox HTTP server listening", metadata: ["port": "\(boundPort)", "scheme": "\(scheme)"])
        return SandboxHTTPServer(port: boundPort, baseURL: "\(scheme)://\(urlHost):\(boundPort)", serving: serving)
    }

    /// Stops accepting connections, cancels the requests in flight (their streams end) and closes every connection.
    public func shutdown() async throws {
        serving.cancel()
        await serving.value
    }

    /// Accepts connections until cancelled, each served in its own child task so cancelling this one stops them all.
    private static func serve(
        listener: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        handler: any SandboxHTTPHandler, logger: Logger
    ) async {
        do {
            try await withTaskCancellationHandler {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask {
                                await SandboxHTTPConnection(channel: connection, handler: handler, logger: logger).run()
                            }
                        }
                    }
                }
            } onCancel: {
                // Closing the listener ends the accept loop even when no connection is arriving.
                listener.channel.close(promise: nil)
            }
        } catch {
            logger.debug("sandbox HTTP listener ended", metadata: ["error": "\(error)"])
        }
    }
}
