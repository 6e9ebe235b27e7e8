import Foundation
import UpdraftCurl
import UpdraftHTTP

extension TalendAPIError {
    /// The error of an error `response`: Talend's `ErrorResponse` fields when the body has them (decoded leniently,
    /// its older `details` accepted too), else the reason phrase and a body excerpt.
    init(_ response: HTTPResponse, operation: String) {
        struct ErrorResponse: Decodable {
            var status: Int?
            var message: String?
            var detail: String?
            var details: String?
            var requestId: String?
        }
        let parsed = try? JSONDecoder().decode(ErrorResponse.self, from: Data(response.body))
        let excerpt = String(response.bodyText.prefix(300))
        self.init(
            operation: operation, status: response.status, message: parsed?.message ?? response.reason,
            detail: parsed.map { $0.detail ?? $0.details } ?? (excerpt.isEmpty ? nil : excerpt),
            requestID: parsed?.requestId)
    }
}
