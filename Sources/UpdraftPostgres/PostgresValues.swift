import Foundation
import Updraft

/// How record fields are written to and read from columns: JSON values as text (cast to `json` by the SQL), dates as
/// `timestamptz` through PostgresNIO, or as microseconds inside a batch's JSON document.
enum PostgresValues {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw RunStoreError.storage(location: column, message: "unreadable stored JSON: \(error)")
        }
    }

    /// A stored state, or a typed error naming the column when the text is not one (a hand-edited database).
    static func state<State: RawRepresentable<String>>(_ text: String, column: String) throws -> State {
        guard let state = State(rawValue: text) else {
            throw RunStoreError.storage(location: column, message: "unknown stored state '\(text)'")
        }
        return state
    }

    /// Microseconds since the Unix epoch, computed exactly as PostgresNIO encodes a bound `Date` (truncated
    /// microseconds since 2000), so a date written through a batch document and one bound directly are stored alike.
    static func microseconds(_ date: Date?) -> Int64? {
        guard let date else { return nil }
        return Int64(date.timeIntervalSince(postgresEpoch) * 1_000_000) + postgresEpochMicroseconds
    }

    /// The SQL of a `timestamptz` from a microseconds expression (NULL stays NULL).
    static func timestamp(_ microseconds: String) -> String {
        "(timestamptz 'epoch' + \(microseconds) * interval '1 microsecond')"
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)
    private static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000
}
