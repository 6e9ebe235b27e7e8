extension CurlError {
    /// The kind of a ``CurlError``. An open set: new kinds may be added, so `switch` over it with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case couldNotResolveHost, couldNotResolveProxy, couldNotConnect, timedOut
            case tlsVerifyFailed, tlsHandshakeFailed, tlsUnavailable, tlsCertificateProblem
            case sendFailed, receiveFailed, tooManyRedirects, responseTooLarge
            case loginDenied, senderRejected, recipientRejected
            case invalidRequest, unsupportedProtocol, cancelled, clientShutDown, other
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The host name could not be resolved.
        public static let couldNotResolveHost = Code(.couldNotResolveHost)
        /// The proxy host name could not be resolved.
        public static let couldNotResolveProxy = Code(.couldNotResolveProxy)
        /// No connection could be made (refused, unreachable).
        public static let couldNotConnect = Code(.couldNotConnect)
        /// A connect, request or low-speed timeout expired.
        public static let timedOut = Code(.timedOut)
        /// The server's certificate was not trusted or did not match the host name.
        public static let tlsVerifyFailed = Code(.tlsVerifyFailed)
        /// The TLS handshake failed for another reason (for example the server required a client certificate).
        public static let tlsHandshakeFailed = Code(.tlsHandshakeFailed)
        /// TLS was required (STARTTLS) but the server does not offer it.
        public static let tlsUnavailable = Code(.tlsUnavailable)
        /// A CA bundle, client certificate or key could not be loaded.
        public static let tlsCertificateProblem = Code(.tlsCertificateProblem)
        /// Sending data failed (connection reset while writing).
        public static let sendFailed = Code(.sendFailed)
        /// Receiving data failed (connection dropped mid-response, malformed response).
        public static let receiveFailed = Code(.receiveFailed)
        /// More redirects than the ``RedirectPolicy`` allows.
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The response body is larger than the transfer's limit (``CurlClient/Configuration/maximumResponseSize``
        /// or ``HTTPRequest/maximumResponseSize``); ``CurlError/responseSizeLimit`` holds the limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The server rejected the credentials (SMTP 535, for example).
        public static let loginDenied = Code(.loginDenied)
        /// The SMTP server rejected the envelope sender.
        public static let senderRejected = Code(.senderRejected)
        /// The SMTP server rejected a recipient (550, for example).
        public static let recipientRejected = Code(.recipientRejected)
        /// The request could not be built (malformed URL, header with a line break, bad option).
        public static let invalidRequest = Code(.invalidRequest)
        /// The URL's scheme is not allowed for this kind of transfer.
        public static let unsupportedProtocol = Code(.unsupportedProtocol)
        /// The transfer was cancelled (Swift task cancellation or an abandoned stream).
        public static let cancelled = Code(.cancelled)
        /// The client was shut down before the transfer finished.
        public static let clientShutDown = Code(.clientShutDown)
        /// Any other libcurl failure; see ``CurlError/curlCode`` and ``CurlError/message``.
        public static let other = Code(.other)

        /// The kind's name, for example `timedOut`; stable and safe as a metric label.
        public var description: String { base.rawValue }
    }
}
