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
        let excerpt = Self.excerpt(of: response)
        self.init(
            operation: operation, status: response.status, message: parsed?.message ?? response.reason,
            detail: parsed.map { $0.detail ?? $0.details } ?? (excerpt.isEmpty ? nil : excerpt),
            requestID: parsed?.requestId)
    }

    /// The error of a successful `response` whose body is not the JSON the API defines.
    init(unexpectedBodyOf response: HTTPResponse, operation: String) {
        self.init(operation: operation, status: response.status, message: "but not the JSON expected",
                  detail: Self.excerpt(of: response))
    }

    /// The start of the body on one line (at most 300 characters, line breaks as spaces), for messages.
    private static func excerpt(of response: HTTPResponse) -> String {
        String(response.bodyText.prefix(300)).split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
