public import Hummingbird
public import HTTPTypes
import Foundation

/// A request the API refuses, answered as Airflow's API server answers: a 4xx status with `{"detail": "…"}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The status answered.
    public let status: HTTPResponse.Status
    /// What was wrong, for the caller (never holds a secret: values shown are masked first).
    public let detail: String

    /// An error with its status and explanation.
    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONEncoder().encode(["detail": detail])) ?? Data()
        var response = Response(status: status, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }
}

/// Why ``UpdraftWebServer`` would not start.
public enum WebServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Binding `host`, reachable from other machines, needs ``WebServerConfiguration/auth``.
    case authenticationRequired(host: String)

    public var description: String {
        switch self {
        case .authenticationRequired(let host):
            "refusing to serve on \(host) without authentication: set WebServerConfiguration.auth or bind 127.0.0.1"
        }
    }
}
