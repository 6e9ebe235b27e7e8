public import Logging
public import Updraft
public import UpdraftCurl

/// Sends HTTP requests for one connection (Airflow's `HttpHook`): the seam operators use and tests replace.
///
/// Operators get it from their context by connection id:
/// ```swift
/// let hook = try context.hooks.hook((any HTTPHook).self, connID: "talend_api") { generic in
///     try CurlHTTPHook(connection: HTTPConnection(generic), clock: context.clock, masker: context.masker)
/// }
/// let response = try await hook.run(HTTPHookRequest(method: .get, endpoint: "/status"), logger: context.logger)
/// ```
/// `MockHTTPHook` in UpdraftTesting records requests and answers stubs.
public protocol HTTPHook: Hook {
    /// Sends `request` (retrying it per its ``HTTPHookRequest/retry`` policy) and returns the final response.
    ///
    /// As Airflow's `check_response` (default on, off with the `check_response: false` option), a final 4xx/5xx
    /// response throws ``HTTPStatusError`` with the status, reason and a masked body excerpt; with it off, any
    /// status is returned.
    /// - Parameters:
    ///   - request: what to send, relative to the connection's base URL.
    ///   - logger: receives one line per retry.
    /// - Throws: ``HTTPStatusError``; ``HTTPTransportError`` when no response arrived after the retries;
    ///   `ConnectionError` for an invalid option; `CancellationError`.
    func run(_ request: HTTPHookRequest, logger: Logger) async throws -> HTTPResponse
}
