import Logging
public import Updraft
public import UpdraftCurl

/// Calls an HTTP endpoint of a connection (Airflow's `SimpleHttpOperator` / `HttpOperator`, airflow-anchor §3.1).
///
/// The seed's DAG, line for line:
/// ```swift
/// dag.task("talend_api", SimpleHttpOperator(
///     method: "POST",
///     httpConnID: "talend_api",
///     endpoint: "/tmc/v2.2/executions",
///     data: .json(["executable": "5fb2f5126a1cd451b07bee7a"])))
/// ```
/// The task's result is the response text, or `responseFilter`'s value, or with pagination the list of them.
/// A 4xx/5xx response fails the task with ``HTTPStatusError`` (status, reason, masked body excerpt) unless
/// `extraOptions` has `check_response: false`; a false `responseCheck` fails it with ``HTTPResponseCheckFailed``.
///
/// Responses are bounded: a body over `max_response_size` (16 MiB by default) fails the request, and the text
/// kept as the result (``maxResultBytes``) or logged (``maxLoggedResponseBytes``) is cut with a visible
/// `… [truncated: …]` mark. A configuration error (unknown or malformed connection, 401/403) fails the try at
/// once, without retries (see <doc:HTTPRetries>).
public struct SimpleHttpOperator: Operator {
    /// The task's result.
    public typealias Output = JSONValue
    public static var operatorName: String { "SimpleHttpOperator" }

    /// A check of the response (Airflow's `response_check`); false fails the task.
    public typealias ResponseCheck = @Sendable (HTTPResponse) throws -> Bool
    /// What to keep of the response as the task's result (Airflow's `response_filter`).
    public typealias ResponseFilter = @Sendable (HTTPResponse) throws -> JSONValue
    /// Given a page, the request for the next one, or nil to stop (Airflow's `pagination_function`).
    public typealias PaginationFunction = @Sendable (HTTPResponse) throws -> HTTPNextPage?

    /// The method, upper-cased when sent (default `POST`).
    public var method: String
    /// The connection id (default `http_default`).
    public var httpConnID: String
    /// The path appended to the connection's base URL.
    public var endpoint: String?
    /// The query string of a GET, the body of other methods.
    public var data: HTTPData?
    /// Headers that win over the connection's.
    public var headers: [String: String]
    /// Checked on each response (each page with pagination).
    public var responseCheck: ResponseCheck?
    /// Applied to each response (each page); its value is the result.
    public var responseFilter: ResponseFilter?
    /// Request options that win over the connection's (`timeout`, `verify`, `check_response`, …).
    public var extraOptions: [String: JSONValue]
    /// Log the response text (masked).
    public var logResponse: Bool
    /// Asks for further pages until it returns nil.
    public var paginationFunction: PaginationFunction?
    /// Retries of each request inside the try (idempotent methods only by default).
    public var retry: HTTPRetryPolicy
    /// The most bytes of response text kept as the task's result (its XCom), over all pages (default 1 MiB);
    /// longer text is cut with a visible mark. A `responseFilter` that returns other JSON is kept as it is.
    public var maxResultBytes: Int
    /// The most bytes of each response logged with `logResponse` (default 64 KiB); longer text is cut with a mark.
    public var maxLoggedResponseBytes: Int

    /// Creates the operator; the parameters are Airflow's, in Swift form.
    public init(
        method: String = "POST", httpConnID: String = "http_default", endpoint: String? = nil, data: HTTPData? = nil,
        headers: [String: String] = [:], responseCheck: ResponseCheck? = nil, responseFilter: ResponseFilter? = nil,
        extraOptions: [String: JSONValue] = [:], logResponse: Bool = false,
        paginationFunction: PaginationFunction? = nil, retry: HTTPRetryPolicy = .default,
        maxResultBytes: Int = 1 << 20, maxLoggedResponseBytes: Int = 64 << 10
    ) {
        self.method = method
        self.httpConnID = httpConnID
        self.endpoint = endpoint
        self.data = data
        self.headers = headers
        self.responseCheck = responseCheck
        self.responseFilter = responseFilter
        self.extraOptions = extraOptions
        self.logResponse = logResponse
        self.paginationFunction = paginationFunction
        self.retry = retry
        self.maxResultBytes = maxResultBytes
        self.maxLoggedResponseBytes = maxLoggedResponseBytes
    }

    public func execute(context: TaskContext) async throws -> JSONValue {
        try await failingAtOnceWhenPermanent { try await callPages(context: context) }
    }

    /// Calls the endpoint, and the next pages while `paginationFunction` asks for them; the result text shares one
    /// ``maxResultBytes`` budget.
    private func callPages(context: TaskContext) async throws -> JSONValue {
        let hook = try context.httpHook(connID: httpConnID)
        var page = (endpoint: endpoint, data: data, headers: headers, extraOptions: extraOptions)
        var results: [JSONValue] = []
        var budget = max(0, maxResultBytes)
        while true {
            let response = try await call(hook, endpoint: page.endpoint, data: page.data, headers: page.headers,
                                          extraOptions: page.extraOptions, context: context)
            var result = try responseFilter?(response) ?? .string(response.bodyText)
            if case .string(let text) = result {
                let kept = TextCap(maxBytes: budget).apply(text)
                budget = max(0, budget - min(text.utf8.count, budget))
                result = .string(kept)
            }
            results.append(result)
            guard let paginationFunction else { return results[0] }
            guard let next = try paginationFunction(response) else { return .array(results) }
            try Task.checkCancellation()
            page.endpoint = next.endpoint ?? page.endpoint
            page.data = next.data.map { page.data?.merged(with: $0) ?? $0 } ?? page.data
            page.headers.merge(next.headers ?? [:]) { _, newer in newer }
            page.extraOptions.merge(next.extraOptions ?? [:]) { _, newer in newer }
        }
    }

    private func call(
        _ hook: any HTTPHook, endpoint: String?, data: HTTPData?, headers: [String: String],
        extraOptions: [String: JSONValue], context: TaskContext
    ) async throws -> HTTPResponse {
        var request = HTTPHookRequest(
            method: HTTPMethod(method.uppercased()), endpoint: endpoint,
            headers: HTTPHeaders(headers.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }),
            extraOptions: extraOptions, retry: retry)
        HTTPHeaderMasking.register(request.headers, with: context.masker)
        data?.apply(to: &request)
        context.logger.info("Calling HTTP method \(request.method) \(request.pathAndQuery)")
        let response = try await hook.run(request, logger: context.logger)
        if logResponse {
            context.logger.info("\(TextCap(maxBytes: maxLoggedResponseBytes).apply(response.bodyText))")
        }
        if let responseCheck, try !responseCheck(response) {
            throw HTTPResponseCheckFailed(method: request.method.rawValue, endpoint: request.pathAndQuery,
                                          status: response.status)
        }
        return response
    }
}
