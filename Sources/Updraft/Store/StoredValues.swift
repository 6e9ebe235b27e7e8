public import Foundation

/// How a database-backed ``RunStore`` writes record fields as column text and reads them back: JSON values (params,
/// conf, XCom, handles) as compact JSON with sorted keys, and states by their raw value, with a typed
/// ``RunStoreError/storage(location:message:)`` naming the column when a stored text cannot be read (a hand-edited
/// or damaged database). Shared by the SQLite and PostgreSQL stores, so both store the same text.
public enum StoredValues {
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

    /// `value` as JSON text.
    public static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value stored as JSON text in `column`.
    /// - Throws: ``RunStoreError/storage(location:message:)`` naming the column when the text is not such a value.
    public static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw RunStoreError.storage(location: column, message: "unreadable stored JSON: \(error)")
        }
    }

    /// A stored state.
    /// - Throws: ``RunStoreError/storage(location:message:)`` naming the column when the text is not a state.
    public static func state<State: RawRepresentable<String>>(_ text: String, column: String) throws -> State {
        guard let state = State(rawValue: text) else {
            throw RunStoreError.storage(location: column, message: "unknown stored state '\(text)'")
        }
        return state
    }
}
