import Foundation
import GRDB
import Updraft

/// How record fields are written to and read from columns: dates as Unix seconds, JSON values as text.
enum SQLiteValues {
    static func seconds(_ date: Date?) -> Double? { date?.timeIntervalSince1970 }

    static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

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
}
