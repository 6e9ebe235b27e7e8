import Hummingbird
import HTTPTypes

/// `limit` and `offset` of a list request: 50 entries by default, at most 1,000 (as Airflow's `maximum_page_limit`).
struct Page: Sendable {
    let limit: Int
    let offset: Int

    init(_ request: Request, defaultLimit: Int = 50) throws {
        let parameters = request.uri.queryParameters
        limit = try Self.number(parameters.get("limit"), name: "limit") ?? defaultLimit
        offset = try Self.number(parameters.get("offset"), name: "offset") ?? 0
        guard (0...1000).contains(limit), offset >= 0 else {
            throw APIError(.unprocessableContent, "limit must be 0…1000 and offset non-negative")
        }
    }

    private static func number(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw APIError(.unprocessableContent, "\(name) must be an integer")
        }
        return value
    }
}
