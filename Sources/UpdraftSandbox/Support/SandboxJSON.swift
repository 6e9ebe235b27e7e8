import Foundation

/// A JSON document kept as a tree, decoded without a schema: the Kubernetes stand-in stores and echoes back every
/// field a client sends (a pod spec has hundreds it never interprets), and request validation can tell a string
/// from a number or an object.
enum SandboxJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([SandboxJSON])
    case object([String: SandboxJSON])

    /// The member `key` of an object; `nil` for a missing key or a non-object. Setting `nil` removes the key.
    subscript(key: String) -> SandboxJSON? {
        get {
            guard case .object(let members) = self else { return nil }
            return members[key]
        }
        set {
            var members: [String: SandboxJSON]
            if case .object(let existing) = self { members = existing } else { members = [:] }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The string value, if this is a string.
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer value, if this is an integral number.
    var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    /// The elements, if this is an array.
    var array: [SandboxJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    var object: [String: SandboxJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A string-to-string map (labels, annotations, selectors); non-string members are skipped.
    var stringMap: [String: String] {
        (object ?? [:]).compactMapValues(\.string)
    }

    /// Builds a JSON object from a string map.
    static func stringMap(_ map: [String: String]) -> SandboxJSON {
        .object(map.mapValues { .string($0) })
    }

    /// Compact JSON bytes with sorted keys (stable output makes responses diffable).
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a tree of strings, numbers and containers cannot fail; an empty object is a safe fallback.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// Parses JSON bytes; `nil` when they are not valid JSON.
    static func decode(_ bytes: [UInt8]) -> SandboxJSON? {
        try? JSONDecoder().decode(SandboxJSON.self, from: Data(bytes))
    }
}

extension SandboxJSON: Codable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SandboxJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SandboxJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
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

extension SandboxJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: SandboxJSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, SandboxJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
