import Foundation

/// Talend's `ErrorResponse` body, used for every error the simulator answers.
/// It is an `Error` so validation can return it in a `Result`.
struct TalendErrorResponse: Error, Encodable {
    var status: Int
    var message: String
    var detail: String?
    /// Filled with a fresh UUID for every response, as Talend's gateway does.
    var requestId: String?

    var response: SandboxHTTPResponse {
        var body = self
        body.requestId = UUID().uuidString.lowercased()
        return .json(status, body)
    }

    static func badRequest(_ detail: String) -> TalendErrorResponse {
        TalendErrorResponse(status: 400, message: "Bad Request", detail: detail)
    }

    static func notFound(_ detail: String) -> TalendErrorResponse {
        TalendErrorResponse(status: 404, message: "Not Found", detail: detail)
    }

    static let unauthorized = TalendErrorResponse(
        status: 401, message: "Unauthorized", detail: "Token authorization is required for access")
}
