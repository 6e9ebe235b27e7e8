import Foundation
import Hummingbird

/// A posted HTML form (`application/x-www-form-urlencoded`), its fields by name (the last value of a repeated field
/// in `values`, every value in `all`). Public only as `@_spi(Fuzzing)`, for the fuzz target of its parser.
@_spi(Fuzzing) public struct PageForm: Sendable {
    /// The last value of each field.
    public let values: [String: String]
    /// Every value of each field, in order.
    public let all: [String: [String]]

    /// Reads a form body; a pair whose name does not percent-decode is left out, a value that does not reads as "".
    public init(text: String) {
        var values: [String: String] = [:]
        var all: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            values[name] = value
            all[name, default: []].append(value)
        }
        self.values = values
        self.all = all
    }

    /// Reads the form from a request's body, refusing one larger than `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> PageForm {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return PageForm(text: String(decoding: buffer.readableBytesView, as: UTF8.self))
        } catch {
            throw PageError(.contentTooLarge, "the form is larger than \(limit) bytes")
        }
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
