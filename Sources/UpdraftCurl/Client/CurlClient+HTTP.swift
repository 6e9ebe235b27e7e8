import Logging

extension CurlClient {
    /// Sends a request and returns the complete response.
    ///
    /// Cancelling the calling task aborts the transfer promptly.
    /// - Parameter request: The request; its `nil` options take the client's defaults.
    /// The body is kept in memory up to ``HTTPRequest/maximumResponseSize`` (by default the client's
    /// ``Configuration/maximumResponseSize``, 16 MiB): a longer body, or a `Content-Length` announcing one, stops
    /// the transfer, so an endless or huge answer never grows the process past the limit.
    /// - Returns: The final response, whatever its status (4xx and 5xx included).
    /// - Throws: ``CurlError`` when no response was received (connection, TLS, timeout, cancellation), or
    ///   ``CurlError/Code/responseTooLarge`` naming the limit and the URL.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let limit = max(0, request.maximumResponseSize ?? configuration.maximumResponseSize)
        let transfer = CurlTransfer(
            easy: try EasyHandle.http(request, defaults: configuration, maximumBodySize: limit), kind: .http,
            delivery: .collect, bufferLimit: configuration.streamBufferSize, responseLimit: limit, loop: loop)
        let outcome = try await transfer.run()
        logger.debug("HTTP response", metadata: ["request": "\(request)", "status": "\(outcome.status)"])
        return HTTPResponse(status: outcome.status, headers: outcome.headers, body: outcome.body)
    }

    /// Sends a request and returns as soon as the status and headers of the final response have arrived (before
    /// any body byte); the body follows as a stream, for endless responses such as Kubernetes `follow=true` logs
    /// and watches.
    ///
    /// When the consumer falls behind by ``Configuration/streamBufferSize`` bytes the transfer pauses (the
    /// server's TCP window closes) until it catches up. Cancelling the iterating task, or dropping the body,
    /// aborts the transfer. Give such requests a ``Timeouts/lowSpeed`` limit rather than a request timeout.
    /// - Parameter request: The request; its `nil` options take the client's defaults.
    /// - Returns: The status, headers and the body stream.
    /// - Throws: ``CurlError`` when no response head was received; errors after that surface from the body.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let followsRedirects = (request.redirects ?? configuration.redirects).maximumCount > 0
        let transfer = CurlTransfer(
            easy: try EasyHandle.http(request, defaults: configuration, maximumBodySize: nil), kind: .http,
            delivery: .stream,
            followsRedirects: followsRedirects, bufferLimit: configuration.streamBufferSize, loop: loop)
        let body = HTTPBodyStream(transfer: transfer)
        let head = try await transfer.run()
        return HTTPStreamingResponse(status: head.status, headers: head.headers, body: body)
    }
}
