import Foundation

/// A JSON value: what task results (XCom values), DAG params and connection extras are stored as.
///
/// Results cross task boundaries, are stored by a ``RunStore`` and shown in reports, so they are kept in a
/// neutral, `Sendable`, `Codable` form. Encode any `Encodable` value with ``init(encoding:)`` and decode it back
/// with ``decode(_:)``.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Encodes any `Encodable` value into its JSON form.
    /// - Throws: `EncodingError` when the value cannot be represented as JSON.
    public init(encoding value: some Encodable) throws {
        // Fast paths: operators mostly return nothing, a JSONValue, or a plain string.
        if let direct = value as? JSONValue {
            self = direct
            return
        }
        if let optional = value as? JSONValue? {
            self = optional ?? .null
            return
        }
        if let text = value as? String {
            self = .string(text)
            return
        }
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes this JSON value as `T`.
    /// - Throws: `DecodingError` when the value does not have the shape of `T`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        if let direct = self as? T { return direct }
        let data = try JSONEncoder().encode(self)
        return try JSONDecoder().decode(T.self, from: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
