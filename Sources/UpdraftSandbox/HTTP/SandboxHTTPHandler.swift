/// Answers the requests a ``SandboxHTTPServer`` receives; called concurrently, once per request.
public protocol SandboxHTTPHandler: Sendable {
    /// Returns the response to `request`. Errors are the handler's to turn into responses (a 4xx/5xx body).
    func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse
}
