import Logging
public import Updraft
public import UpdraftCurl
public import UpdraftHTTP

extension MockHTTPHook {
    /// One request a ``MockHTTPHook`` received, as the live hook would have sent it.
    public struct Call: Sendable {
        /// The request as the operator built it (endpoint, query, default and own headers, options).
        public var request: HTTPHookRequest
        /// The connection id, when the run had the connection.
        public var connID: String?
        /// The task that sent it, from the task logger's metadata (nil when called outside a task).
        public var taskID: String?
        /// The try of the task that sent it (1 when unknown).
        public var tryNumber: Int
        /// The URL sent: under the connection's base URL, or the endpoint and query alone without a connection.
        public var url: String
        /// The options in force: the connection's reserved extras merged with the request's.
        public var options: HTTPRequestOptions
        /// The headers sent, in clear.
        private var clearHeaders: HTTPHeaders
        private var masker: SecretMasker

        init(request: HTTPHookRequest, connection: HTTPConnection?, options: HTTPRequestOptions,
             masker: SecretMasker, logger: Logger) {
            self.request = request
            connID = connection?.connID
            taskID = logger[metadataKey: LoggingKeys.taskID].map { "\($0)" }
            tryNumber = logger[metadataKey: LoggingKeys.tryNumber].flatMap { Int("\($0)") } ?? 1
            let sent = connection?.curlRequest(for: request, options: options)
            url = sent?.url ?? request.pathAndQuery
            clearHeaders = sent?.headers ?? request.mergedHeaders()
            self.options = options
            self.masker = masker
        }

        /// The method.
        public var method: HTTPMethod { request.method }
        /// The endpoint with its query, as the operator gave it (`/items?page=2`).
        public var pathAndQuery: String { request.pathAndQuery }
        /// The endpoint without its query.
        public var path: String { String((request.endpoint ?? "").prefix { $0 != "?" }) }
        /// The headers sent — the connection's extras, the operator's default headers and its own headers, and
        /// Basic auth from the login — with credentials masked (`Authorization: Bearer ***`).
        public var headers: HTTPHeaders { clearHeaders.masked(by: masker) }
        /// The headers sent; with `revealingSecrets` the credentials in clear.
        public func headers(revealingSecrets: Bool) -> HTTPHeaders { revealingSecrets ? clearHeaders : headers }
        /// The body sent; nil for none.
        public var body: [UInt8]? { request.body }
        /// The body as UTF-8 text (empty when there is none).
        public var bodyText: String { request.bodyText }
        /// The body parsed as JSON.
        /// - Throws: `DecodingError` when it is not JSON.
        public func bodyJSON() throws -> JSONValue { try request.bodyJSON() }
    }
}

extension HTTPHookRequest {
    /// The body as UTF-8 text (empty when there is none).
    public var bodyText: String { String(decoding: body ?? [], as: UTF8.self) }

    /// The body parsed as JSON.
    /// - Throws: `DecodingError` when it is not JSON.
    public func bodyJSON() throws -> JSONValue { try JSONValue(parsing: bodyText) }
}
