import Logging

extension CurlClient {
    /// Delivers a message through an SMTP server, on this client's event loop.
    /// - Parameters:
    ///   - message: The envelope and the finished message bytes.
    ///   - server: Where to send it, how to encrypt and log in.
    /// - Returns: The server's acceptance.
    /// - Throws: ``CurlError`` with ``CurlError/Code/recipientRejected``, ``CurlError/Code/senderRejected``,
    ///   ``CurlError/Code/loginDenied``, ``CurlError/Code/tlsUnavailable`` or a connection failure; its
    ///   ``CurlError/serverResponse`` holds the server's reply line when there was one.
    public func send(_ message: SMTPMessage, to server: SMTPServer) async throws -> SMTPReceipt {
        let transfer = CurlTransfer(
            easy: try EasyHandle.smtp(message, server: server, defaults: configuration), kind: .smtp,
            delivery: .collect, upload: message.data, bufferLimit: configuration.streamBufferSize, loop: loop)
        let outcome = try await transfer.run()
        logger.debug("SMTP message accepted", metadata: ["message": "\(message)", "server": "\(server)"])
        return SMTPReceipt(
            recipients: message.recipients, responseCode: outcome.status, serverResponse: outcome.serverResponse)
    }
}
