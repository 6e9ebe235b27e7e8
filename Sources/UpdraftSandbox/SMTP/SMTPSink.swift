public import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP server on loopback that accepts mail and keeps it for inspection (and optionally as `.eml` files):
/// `EHLO`/`HELO`, `STARTTLS` or implicit TLS, `AUTH PLAIN`/`LOGIN`, `MAIL FROM`, `RCPT TO`, `DATA`, `RSET`, `NOOP`,
/// `QUIT`.
///
/// ```swift
/// let sink = try await SMTPSink.start(configuration: SMTPSinkConfiguration(rejectedRecipients: ["nobody@x.test"]))
/// // send mail to smtp://127.0.0.1:\(sink.port) …
/// let message = sink.messages().first  // envelope, raw bytes, TLS and AUTH facts
/// try await sink.shutdown()
/// ```
public final class SMTPSink: Sendable {
    /// The port the sink listens on.
    public let port: Int
    /// The address the sink listens on.
    public let host: String
    private let mailbox: SMTPMailbox
    private let serving: Task<Void, Never>

    private init(host: String, port: Int, mailbox: SMTPMailbox, serving: Task<Void, Never>) {
        self.host = host
        self.port = port
        self.mailbox = mailbox
        self.serving = serving
    }

    /// Binds the listening socket and starts accepting SMTP sessions.
    /// - Parameters:
    ///   - host: The address to bind; loopback by default.
    ///   - port: The port; 0 lets the system pick one (read it back from ``port``).
    ///   - configuration: TLS, authentication, size limit, rejected recipients and mail directory.
    ///   - logger: Receives one `info` line per accepted message and session diagnostics; disabled by default.
    /// - Throws: NIO's error when the address cannot be bound, NIOSSL's when the TLS files cannot be loaded.
    public static func start(
        host: String = SandboxDefaults.host, port: Int = 0,
        configuration: SMTPSinkConfiguration = SMTPSinkConfiguration(), logger: Logger = SandboxDefaults.disabledLogger
    ) async throws -> SMTPSink {
        let mailbox = SMTPMailbox(mailDirectory: configuration.mailDirectory, logger: logger)
        let lineLimit = 64 * 1024
        let sslContext = try configuration.tls.map { tls in
            var certificates = tls.certificates
            certificates.clientCATrustRootsPEMFile = nil
            return try certificates.makeServerContext()
        }
        let implicitTLS = configuration.tls?.mode == .implicit ? sslContext : nil
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: implicitTLS))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(SMTPLineDecoder(maximumLineLength: lineLimit)))
                    return try NIOAsyncChannel<[UInt8], ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = listener.channel.localAddress?.port ?? port
        let serving = Task {
            await serve(
                listener: listener, configuration: configuration, sslContext: sslContext, mailbox: mailbox,
                logger: logger)
        }
        return SMTPSink(host: host, port: boundPort, mailbox: mailbox, serving: serving)
    }

    /// Every message accepted so far, oldest first.
    ///
    /// A message is stored before its `250` reply is sent, so once a client's send has returned successfully the
    /// message is already here: tests need no waiting.
    public func messages() -> [SMTPReceivedMessage] {
        mailbox.all
    }

    /// Stops accepting connections and closes the open sessions.
    public func shutdown() async throws {
        serving.cancel()
        await serving.value
    }

    private static func serve(
        listener: NIOAsyncChannel<NIOAsyncChannel<[UInt8], ByteBuffer>, Never>, configuration: SMTPSinkConfiguration,
        sslContext: NIOSSLContext?, mailbox: SMTPMailbox, logger: Logger
    ) async {
        do {
            try await withTaskCancellationHandler {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask {
                                await converse(
                                    on: connection, session: SMTPSession(configuration: configuration),
                                    sslContext: sslContext, mailbox: mailbox, logger: logger)
                            }
                        }
                    }
                }
            } onCancel: {
                listener.channel.close(promise: nil)
            }
        } catch {
            logger.debug("SMTP sink listener ended", metadata: ["error": "\(error)"])
        }
    }

    /// Runs one session: greet, then answer line by line until `QUIT`, disconnect or shutdown.
    private static func converse(
        on connection: NIOAsyncChannel<[UInt8], ByteBuffer>, session initialSession: SMTPSession,
        sslContext: NIOSSLContext?, mailbox: SMTPMailbox, logger: Logger
    ) async {
        let underlying = connection.channel
        do {
            try await withTaskCancellationHandler {
                try await connection.executeThenClose { inbound, outbound in
                    var session = initialSession
                    try await outbound.write(ByteBuffer(string: session.greeting + "\r\n"))
                    for try await line in inbound {
                        let output = session.receive(line)
                        if let message = output.delivered { mailbox.store(message) }
                        let reply = output.replies.map { $0 + "\r\n" }.joined()
                        if output.startTLS, let sslContext {
                            try await startTLS(on: underlying, reply: reply, context: sslContext)
                        } else if !output.replies.isEmpty {
                            try await outbound.write(ByteBuffer(string: reply))
                        }
                        if output.close { return }
                    }
                }
            } onCancel: {
                underlying.close(promise: nil)
            }
        } catch {
            logger.debug("SMTP session ended", metadata: ["error": "\(error)"])
        }
    }

    /// Sends the `220` in clear text and puts the TLS handler in front of the line decoder in the same event-loop
    /// step, so no byte of the client's handshake can reach the decoder unencrypted. Earlier replies went through
    /// the async writer, which hands them to this same event loop first, so they keep their order.
    private static func startTLS(on channel: any Channel, reply: String, context: NIOSSLContext) async throws {
        try await channel.eventLoop.submit {
            channel.writeAndFlush(ByteBuffer(string: reply), promise: nil)
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context), position: .first)
        }.get()
    }
}
