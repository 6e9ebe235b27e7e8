import Foundation
public import Logging
public import Updraft
public import UpdraftCurl
public import UpdraftHTTP

/// The live ``TalendCloudHook``: JSON over an `HTTPHook` (libcurl in production), with Talend's `ErrorResponse`
/// bodies turned into ``TalendAPIError``s and the executions endpoints under ``apiPrefix``.
public struct LiveTalendCloudHook: TalendCloudHook {
    /// The HTTP hook of the Talend connection.
    public let http: any HTTPHook
    /// The prefix of the executions endpoints (`/processing` or the legacy `/tmc/v2.2`); logs are always under
    /// `/monitoring`.
    public var apiPrefix: TalendAPIPrefix
    /// Retries of each call on transport errors, 429 and 5xx (the start is retried only when Talend cannot have
    /// acted on it: no connection, or 429).
    public var retry: HTTPRetryPolicy

    /// The service account's access tokens, when the connection authenticates with one.
    private let accessTokens: TalendAccessTokens?

    /// Creates a hook over `http`, whose connection carries the bearer token.
    public init(http: any HTTPHook, apiPrefix: TalendAPIPrefix = .processing, retry: HTTPRetryPolicy = .default) {
        self.init(http: http, apiPrefix: apiPrefix, retry: retry, accessTokens: nil)
    }

    /// A hook over libcurl for `connection`, retrying on `clock` and masking with `masker`. With a service account
    /// (``TalendConnection/serviceAccount``) it gets, caches and renews its own access tokens.
    public init(connection: TalendConnection, client: CurlClient = .shared, clock: any UpdraftClock = SystemClock(),
                masker: SecretMasker = SecretMasker(), retry: HTTPRetryPolicy = .default) {
        let tokens = connection.serviceAccount.map { account in
            TalendAccessTokens(account: account, audience: Self.origin(of: connection.http.baseURL), clock: clock,
                               masker: masker)
        }
        self.init(http: CurlHTTPHook(connection: connection.http, client: client, clock: clock, masker: masker),
                  apiPrefix: connection.apiPrefix, retry: retry, accessTokens: tokens)
    }

    private init(http: any HTTPHook, apiPrefix: TalendAPIPrefix, retry: HTTPRetryPolicy,
                 accessTokens: TalendAccessTokens?) {
        self.http = http
        self.apiPrefix = apiPrefix
        self.retry = retry
        self.accessTokens = accessTokens
    }

    /// `https://api.eu.cloud.talend.com` of `https://api.eu.cloud.talend.com/some/path`: a token's audience.
    private static func origin(of baseURL: String) -> String {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme,
              let host = components.host else { return baseURL }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    public func startExecution(_ request: TalendExecutionRequest, logger: Logger) async throws -> String {
        let body = try JSONEncoder().encode(request)
        let response = try await call(.post, "\(apiPrefix)/executions", body: Array(body),
                                      operation: "start execution of task \(request.executable)", logger: logger)
        struct Identifier: Decodable { var executionId: String }
        return try decode(Identifier.self, response, operation: "start execution").executionId
    }

    public func executionStatus(_ executionID: String, logger: Logger) async throws -> TalendExecutionStatus {
        let response = try await call(.get, "\(apiPrefix)/executions/\(executionID)",
                                      operation: "get status of execution \(executionID)", logger: logger)
        return try decode(TalendExecutionStatus.self, response, operation: "get status")
    }

    public func executionLogs(_ executionID: String, startIndex: Int, count: Int, logger: Logger) async throws
        -> TalendLogPage
    {
        let operation = "get logs of execution \(executionID)"
        let query = [("count", "\(count)"), ("startIndex", "\(startIndex)"), ("order", "ASC")]
        do {
            let response = try await call(.get, "/monitoring/executions/\(executionID)/logs", query: query,
                                          operation: operation, logger: logger)
            return try decode(TalendLogPage.self, response, operation: "get logs")
        } catch let error as TalendAPIError where error.status == 404 {
            return .empty
        }
    }

    public func terminateExecution(_ executionID: String, logger: Logger) async throws {
        do {
            _ = try await call(.delete, "\(apiPrefix)/executions/\(executionID)",
                               operation: "terminate execution \(executionID)", logger: logger)
        } catch let error as TalendAPIError where error.status == 404 {
            logger.info("Talend execution \(executionID) is unknown to Talend; nothing to terminate")
        }
    }

    /// Sends one call with the JSON headers and Talend's error handling.
    private func call(
        _ method: HTTPMethod, _ path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        operation: String, logger: Logger
    ) async throws -> HTTPResponse {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        var request = HTTPHookRequest(
            method: method, endpoint: path, query: query, defaultHeaders: headers, body: body,
            extraOptions: ["check_response": false], retry: retry)
        let token = try await accessTokens?.token(http: http, retry: retry, logger: logger)
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        var response = try await http.run(request, logger: logger)
        if response.status == 401, let accessTokens, let refused = token {
            // Refused before its announced expiry (revoked, or a clock apart): once more with a new token.
            accessTokens.invalidate(refused)
            let fresh = try await accessTokens.token(http: http, retry: retry, logger: logger)
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(fresh)")
            response = try await http.run(request, logger: logger)
        }
        guard response.status < 400 else { throw TalendAPIError(response, operation: operation) }
        return response
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, operation: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw TalendAPIError(unexpectedBodyOf: response, operation: operation)
        }
    }
}
