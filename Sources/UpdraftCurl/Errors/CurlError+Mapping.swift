internal import CCurl

extension CurlError {
    /// Builds the error for a failed `CURLcode`.
    /// - Parameter serverResponse: the server's last reply line (SMTP), used to tell rejections apart.
    init(curlCode: CURLcode, message: String, url: String, serverResponse: String? = nil) {
        self.init(
            code: Self.kind(of: curlCode, message: message), curlCode: Int(curlCode.rawValue), message: message,
            url: url, serverResponse: serverResponse)
    }

    private static func kind(of curlCode: CURLcode, message: String) -> Code {
        switch curlCode {
        case CURLE_COULDNT_RESOLVE_HOST: .couldNotResolveHost
        case CURLE_COULDNT_RESOLVE_PROXY: .couldNotResolveProxy
        case CURLE_COULDNT_CONNECT: .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_PEER_FAILED_VERIFICATION: .tlsVerifyFailed
        case CURLE_SSL_CONNECT_ERROR: .tlsHandshakeFailed
        case CURLE_USE_SSL_FAILED: .tlsUnavailable
        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND:
            .tlsCertificateProblem
        case CURLE_TOO_MANY_REDIRECTS: .tooManyRedirects
        case CURLE_LOGIN_DENIED: .loginDenied
        case CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION, CURLE_NOT_BUILT_IN:
            .invalidRequest
        case CURLE_UNSUPPORTED_PROTOCOL: .unsupportedProtocol
        case CURLE_SEND_ERROR:
            // libcurl's SMTP code reports envelope rejections as send errors ("RCPT failed: 550").
            if message.hasPrefix("RCPT failed") {
                .recipientRejected
            } else if message.hasPrefix("MAIL failed") {
                .senderRejected
            } else {
                .sendFailed
            }
        case CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            .receiveFailed
        default: .other
        }
    }
}
