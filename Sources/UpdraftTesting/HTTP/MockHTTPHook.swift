public import Logging
public import Updraft
public import UpdraftCurl
public import UpdraftHTTP
import Synchronization

/// A recording `HTTPHook` for tests: answers stubs chosen by method and path, and records every request as the
/// live hook would send it — the full URL and the headers of the run's connection (an `Authorization` extra
/// among them), shown masked unless the test asks for clear values.
///
/// ```swift
/// let http = MockHTTPHook()
/// http.stub(.post, "/tmc/v2.2/executions", status: 201, body: #"{"executionId":"e-1"}"#)
/// let result = try await dag.test(hooks: ["talend_api": http], connections: [talendAPI])
/// let sent = try #require(http.calls.all.first)
/// #expect(sent.headers["Authorization"] == "Bearer ***")
/// ```
/// Like the live hook, a stubbed 4xx/5xx throws `HTTPStatusError` unless the request's options say
/// `check_response: false`. It never retries (stub the final answer of each try). A request with no stub throws
/// ``MockHTTPHookError`` listing the stubs.
public final class MockHTTPHook: ConnectionBoundHTTPHook {
    /// What a stubbed route answers.
    public enum Answer: Sendable {
        /// This response.
        case response(HTTPResponse)
        /// This error, as a transport failure would (a `CurlError`, say).
        case failure(any Error)

        /// A response with `status`, a UTF-8 `body` and `headers`.
        public static func status(_ status: Int, body: String = "", headers: HTTPHeaders = [:]) -> Answer {
            .response(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        }
    }

    private struct Stub {
        var method: HTTPMethod
        var path: String
        var answers: [Answer]
        /// Answers chosen by the calling task's try number (else by request, in order).
        var perTry: Bool
        var served = 0

        mutating func next(tryNumber: Int) -> Answer {
            defer { served += 1 }
            return answers[min((perTry ? tryNumber - 1 : served), answers.count - 1)]
        }
    }

    private let stubs = Mutex<[Stub]>([])
    /// Every request received, in order, as the live hook would send it (wait for them with
    /// ``CallRecorder/waitForCount(_:)``).
    public let calls = CallRecorder<Call>()

    /// A hook with no stubs.
    public init() {}

    /// Answers every `method path` request (the path is the endpoint without its query) with one response.
    public func stub(_ method: HTTPMethod, _ path: String, status: Int = 200, body: String = "",
                     headers: HTTPHeaders = [:]) {
        stub(method, path, tries: [.status(status, body: body, headers: headers)])
    }

    /// Answers `method path` requests with `responses` in order, one per request, the last one repeating.
    public func stub(_ method: HTTPMethod, _ path: String, responses: [HTTPResponse]) {
        add(Stub(method: method, path: path, answers: responses.map { .response($0) }, perTry: false))
    }

    /// Answers `method path` requests by the try of the task sending them: `tries[0]` on the first try,
    /// `tries[1]` on the second, the last one repeating — `[.status(503), .status(201)]` fails the first try and
    /// lets the retry succeed. Every request of one try gets the same answer.
    public func stub(_ method: HTTPMethod, _ path: String, tries: [Answer]) {
        add(Stub(method: method, path: path, answers: tries.isEmpty ? [.status(200)] : tries, perTry: true))
    }

    /// Fails every `method path` request with `error` (a transport failure, for example).
    public func stub(_ method: HTTPMethod, _ path: String, error: any Error) {
        stub(method, path, tries: [.failure(error)])
    }

    /// The requests received for `method` and `path` (the endpoint without its query), in order.
    public func calls(_ method: HTTPMethod, _ path: String) -> [Call] {
        calls.all.filter { $0.method == method && $0.path == path }
    }

    public func run(_ request: HTTPHookRequest, logger: Logger) async throws -> HTTPResponse {
        try await receive(request, connection: nil, masker: SecretMasker(), logger: logger)
    }

    public func bound(to connection: HTTPConnection?, masker: SecretMasker) -> any HTTPHook {
        Bound(mock: self, connection: connection, masker: masker)
    }

    /// This mock seen through the connection of one run.
    private struct Bound: HTTPHook {
        let mock: MockHTTPHook
        let connection: HTTPConnection?
        let masker: SecretMasker

        func run(_ request: HTTPHookRequest, logger: Logger) async throws -> HTTPResponse {
            try await mock.receive(request, connection: connection, masker: masker, logger: logger)
        }
    }

    private func receive(_ request: HTTPHookRequest, connection: HTTPConnection?, masker: SecretMasker,
                         logger: Logger) async throws -> HTTPResponse {
        let options = try (connection?.options ?? HTTPRequestOptions())
            .merging(request.extraOptions, connID: connection?.connID ?? "mock")
        let call = Call(request: request, connection: connection, options: options, masker: masker, logger: logger)
        calls.record(call)
        let answer = stubs.withLock { stubs -> Answer? in
            // The most recent stub for a route wins, so a test can override a default.
            guard let index = stubs.lastIndex(where: { $0.method == call.method && $0.path == call.path }) else {
                return nil
            }
            return stubs[index].next(tryNumber: call.tryNumber)
        }
        guard let answer else {
            let known = stubs.withLock { $0.map { "\($0.method) \($0.path)" } }
            throw MockHTTPHookError(request: "\(call.method) \(call.path)", stubs: known)
        }
        switch answer {
        case .failure(let error): throw error
        case .response(let response):
            guard options.checkResponse else { return response }
            return try response.checked(method: request.method, url: call.url, masker: masker)
        }
    }

    private func add(_ stub: Stub) { stubs.withLock { $0.append(stub) } }
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
