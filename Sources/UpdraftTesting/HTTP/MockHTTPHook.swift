public import Logging
public import Updraft
public import UpdraftCurl
public import UpdraftHTTP
import Synchronization

/// A recording `HTTPHook` for tests: answers stubs chosen by method and path, records every request.
///
/// ```swift
/// let http = MockHTTPHook()
/// http.stub("POST", "/tmc/v2.2/executions", status: 201, body: #"{"executionId":"e-1"}"#)
/// let result = try await dag.test(hooks: ["talend_api": http])
/// #expect(http.requests.first?.bodyText == #"{"executable":"5fb2f5126a1cd451b07bee7a"}"#)
/// ```
/// Like the live hook, a stubbed 4xx/5xx throws `HTTPStatusError` unless the request's options say
/// `check_response: false`. It never retries: stub the final answer. A request with no stub throws
/// ``MockHTTPHookError`` listing the stubs.
public final class MockHTTPHook: HTTPHook {
    private struct Stub {
        var method: String
        var path: String
        /// Answered in order; the last one repeats.
        var answers: [Result<HTTPResponse, any Error>]
        var served = 0
    }

    private let stubs = Mutex<[Stub]>([])
    /// Every request received, in order (wait for them with ``CallRecorder/waitForCount(_:)``).
    public let calls = CallRecorder<HTTPHookRequest>()

    /// A hook with no stubs.
    public init() {}

    /// Every request received so far, in order.
    public var requests: [HTTPHookRequest] { calls.all }

    /// The requests received for `method` and `path` (the endpoint without its query).
    public func requests(_ method: String, _ path: String) -> [HTTPHookRequest] {
        calls.all.filter { $0.method.rawValue == method.uppercased() && Self.path(of: $0) == path }
    }

    /// Answers `method path` with one response (repeated for every such request).
    public func stub(_ method: String, _ path: String, status: Int = 200, body: String = "",
                     headers: HTTPHeaders = [:]) {
        stub(method, path, responses: [HTTPResponse(status: status, headers: headers, body: Array(body.utf8))])
    }

    /// Answers `method path` with `responses` in order, the last one repeating.
    public func stub(_ method: String, _ path: String, responses: [HTTPResponse]) {
        add(Stub(method: method.uppercased(), path: path, answers: responses.map { .success($0) }))
    }

    /// Fails `method path` with `error` (a transport failure, for example).
    public func stub(_ method: String, _ path: String, error: any Error) {
        add(Stub(method: method.uppercased(), path: path, answers: [.failure(error)]))
    }

    public func run(_ request: HTTPHookRequest, logger: Logger) async throws -> HTTPResponse {
        calls.record(request)
        let method = request.method.rawValue.uppercased()
        let path = Self.path(of: request)
        let answer = stubs.withLock { stubs -> Result<HTTPResponse, any Error>? in
            // The most recent stub for a route wins, so a test can override a default.
            guard let index = stubs.lastIndex(where: { $0.method == method && $0.path == path }) else { return nil }
            let answer = stubs[index].answers[min(stubs[index].served, stubs[index].answers.count - 1)]
            stubs[index].served += 1
            return answer
        }
        guard let answer else {
            let known = stubs.withLock { $0.map { "\($0.method) \($0.path)" } }
            throw MockHTTPHookError(request: "\(method) \(path)", stubs: known)
        }
        let response = try answer.get()
        guard request.extraOptions["check_response"]?.boolValue != false else { return response }
        return try response.checked(method: request.method, url: request.pathAndQuery, masker: SecretMasker())
    }

    private func add(_ stub: Stub) { stubs.withLock { $0.append(stub) } }

    private static func path(of request: HTTPHookRequest) -> String {
        String((request.endpoint ?? "").prefix { $0 != "?" })
    }
}

/// A ``MockHTTPHook`` received a request it has no stub for.
public struct MockHTTPHookError: Error, Sendable, CustomStringConvertible {
    /// The request, `METHOD path`.
    public var request: String
    /// The stubs it has, `METHOD path` each.
    public var stubs: [String]

    public var description: String {
        "MockHTTPHook has no stub for \(request); stubs: \(stubs.isEmpty ? "none" : stubs.joined(separator: ", "))"
    }
}

extension HTTPHookRequest {
    /// The body as UTF-8 text (empty when there is none).
    public var bodyText: String { String(decoding: body ?? [], as: UTF8.self) }

    /// The body parsed as JSON.
    /// - Throws: `DecodingError` when it is not JSON.
    public func bodyJSON() throws -> JSONValue { try JSONValue(parsing: bodyText) }

    /// The headers as sent by the live hook, without the connection's: `defaultHeaders` overridden by
    /// `headers`.
    public var effectiveHeaders: HTTPHeaders {
        var merged = defaultHeaders
        for field in headers { merged.replaceOrAdd(name: field.name, value: field.value) }
        return merged
    }
}
