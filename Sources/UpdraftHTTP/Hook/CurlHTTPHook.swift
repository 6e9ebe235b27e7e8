public import Logging
public import Updraft
public import UpdraftCurl

/// The live ``HTTPHook``: requests go through libcurl (`CurlClient`), built from an ``HTTPConnection``
/// as Airflow's `HttpHook` builds them, retried per ``HTTPRetryPolicy`` with waits on the run's clock.
public struct CurlHTTPHook: HTTPHook {
    /// The connection requests are made for.
    public let connection: HTTPConnection
    private let client: CurlClient
    private let clock: any UpdraftClock
    private let masker: SecretMasker

    /// Creates a hook.
    /// - Parameters:
    ///   - connection: base URL, auth, headers and options.
    ///   - client: the libcurl client (the process-wide one by default).
    ///   - clock: what retry waits sleep on (the task context's clock).
    ///   - masker: receives the connection's secrets (password, sensitive headers) so logs and errors hide them,
    ///     and masks the body excerpts of ``HTTPStatusError``s (the run's masker).
    public init(connection: HTTPConnection, client: CurlClient = .shared, clock: any UpdraftClock = SystemClock(),
                masker: SecretMasker = SecretMasker()) {
        self.connection = connection
        self.client = client
        self.clock = clock
        self.masker = masker
        for secret in connection.secrets { masker.register(secret) }
    }

    public func run(_ request: HTTPHookRequest, logger: Logger) async throws -> HTTPResponse {
        let options = try connection.options.merging(request.extraOptions, connID: connection.connID)
        let curlRequest = makeCurlRequest(request, options: options)
        var attempt = 1
        while true {
            var response: HTTPResponse?
            var failure: CurlError?
            do {
                response = try await client.execute(curlRequest)
            } catch let error as CurlError {
                if error.code == .cancelled { throw CancellationError() }
                failure = error
            }
            guard let delay = request.retry.delay(afterAttempt: attempt, method: request.method, response: response,
                                                  error: failure, now: clock.now())
            else {
                if let response {
                    guard options.checkResponse else { return response }
                    return try response.checked(method: request.method, url: redactedURL(curlRequest.url),
                                                masker: masker)
                }
                throw HTTPTransportError(method: request.method.rawValue, url: redactedURL(curlRequest.url),
                                         attempts: attempt, underlying: failure ?? CurlError(
                                            code: .other, message: "no response", url: redactedURL(curlRequest.url)))
            }
            let cause = response.map { "status \($0.status)" } ?? failure.map { "\($0.code)" } ?? "failure"
            logger.warning("""
                \(request.method) \(redactedURL(curlRequest.url)) attempt \(attempt) of \(request.retry.maxAttempts) \
                failed (\(cause)); retrying in \(delay.inSeconds) s
                """)
            try await clock.sleep(for: delay)
            attempt += 1
        }
    }

    /// The curl request: URL from the connection, headers by precedence (connection < default < request),
    /// then Basic auth from the login, and the merged options.
    func makeCurlRequest(_ request: HTTPHookRequest, options: HTTPRequestOptions) -> UpdraftCurl.HTTPRequest {
        connection.curlRequest(for: request, options: options)
    }

    private func redactedURL(_ url: String) -> String {
        UpdraftCurl.HTTPRequest(url: url).description.dropFirst("GET ".count).description
    }
}
