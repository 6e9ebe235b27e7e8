#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOHTTP1

/// Serves the requests of one connection in order (HTTP/1.1 keep-alive; pipelined requests wait in the inbound
/// stream until the current response has ended).
struct SandboxHTTPConnection {
    let channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    let handler: any SandboxHTTPHandler
    let logger: Logger

    /// Serves until the client closes the connection, asks to close it, or the server is shut down.
    func run() async {
        let underlying = channel.channel
        do {
            try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    var pending: (head: HTTPRequestHead, body: [UInt8])?
                    for try await part in inbound {
                        switch part {
                        case .head(let head):
                            pending = (head, [])
                        case .body(let buffer):
                            pending?.body.append(contentsOf: buffer.readableBytesView)
                        case .end:
                            guard let request = pending else { continue }
                            pending = nil
                            let keepAlive = try await respond(to: request.head, body: request.body, outbound: outbound)
                            if !keepAlive { return }
                        }
                    }
                }
            } onCancel: {
                underlying.close(promise: nil)
            }
        } catch {
            logger.debug("sandbox HTTP connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Runs the handler and writes its response; returns whether the connection stays open.
    private func respond(
        to head: HTTPRequestHead, body: [UInt8], outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        let target = SandboxHTTPRequest.decodeTarget(head.uri)
        let request = SandboxHTTPRequest(
            method: head.method.rawValue, path: target.path, query: target.query,
            headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
        let response = await handler.handle(request)
        logger.trace(
            "sandbox HTTP request",
            metadata: ["method": "\(request.method)", "path": "\(request.path)", "status": "\(response.status)"])

        var headers = HTTPHeaders(response.headers)
        headers.remove(name: "Content-Length")
        headers.remove(name: "Transfer-Encoding")
        // Chunked framing needs HTTP/1.1; an HTTP/1.0 client gets a stream delimited by closing the connection.
        var keepAlive = head.isKeepAlive
        if case .stream = response.body, head.version.minor == 0 { keepAlive = false }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)

        switch response.body {
        case .bytes(let bytes):
            let mayHaveBody = response.status != 204 && response.status != 304 && response.status >= 200
            if mayHaveBody { headers.add(name: "Content-Length", value: "\(bytes.count)") }
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
            if mayHaveBody, !bytes.isEmpty, head.method != .HEAD {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            }
        case .stream(let stream):
            if head.version.minor > 0 { headers.add(name: "Transfer-Encoding", value: "chunked") }
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
            try await writeStream(stream, to: outbound)
            if let mode = response.cut?.mode {
                try await drop(mode)
                return false
            }
        case .sized(let length, let stream):
            headers.add(name: "Content-Length", value: "\(length)")
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
            if head.method != .HEAD { try await writeStream(stream, to: outbound) }
        }
        try await outbound.write(.end(nil))
        return keepAlive
    }

    /// Ends the connection mid-response, without the terminating chunk (``SandboxStreamCut``).
    private func drop(_ mode: SandboxStreamCut.Mode) async throws {
        if mode == .reset, let socket = channel.channel as? any SocketOptionProvider {
            try await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try await channel.channel.close()
    }

    private enum StreamOutcome: Sendable {
        case finished
        case clientClosed
    }

    /// Writes each element as its own flushed chunk, waiting for each write (backpressure), and stops iterating
    /// (cancelling the consumer, which fires the stream's `onTermination`) as soon as the connection closes, even
    /// while the stream is idle.
    private func writeStream(
        _ stream: AsyncStream<[UInt8]>, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let (closed, closedContinuation) = AsyncStream.makeStream(of: Never.self)
        channel.channel.closeFuture.whenComplete { _ in closedContinuation.finish() }
        let outcome = try await withThrowingTaskGroup(of: StreamOutcome.self) { group in
            group.addTask {
                for await chunk in stream where !chunk.isEmpty {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                }
                return .finished
            }
            group.addTask {
                for await _ in closed {}
                return .clientClosed
            }
            let first = try await group.next() ?? .finished
            group.cancelAll()
            return first
        }
        if outcome == .clientClosed { throw ChannelError.ioOnClosedChannel }
    }
}
