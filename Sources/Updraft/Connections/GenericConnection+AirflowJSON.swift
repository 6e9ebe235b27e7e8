import Foundation

extension GenericConnection {
    /// The keys Airflow accepts in a connection's JSON (and connections-file) form.
    static let jsonKeys: Set<String> = [
        "conn_id", "conn_type", "description", "host", "schema", "login", "password", "port", "extra", "uri",
        "extra_dejson",
    ]

    /// Parses Airflow's JSON form: `{"conn_type": "http", "host": …, "port": 443, "extra": {…}}`, where `extra` may be
    /// an object or a string holding one and `port` anything integer-like (as `Connection.from_json`).
    /// - Throws: ``ConnectionError`` with code `invalidJSON` naming the connection and the field.
    public init(connID: String, json: String) throws {
        guard let value = try? JSONValue(parsing: json), let object = value.objectValue else {
            throw ConnectionError(.invalidJSON, connID: connID, "the JSON form is not a JSON object")
        }
        try self.init(connID: connID, fields: object)
    }

    /// Builds a connection from the members of a JSON object or a YAML mapping (connections-file entries), accepting
    /// `uri` as an alternative to the separate fields and `extra_dejson` as an alternative to `extra`.
    init(connID: String, fields: [String: JSONValue]) throws {
        let unknown = Set(fields.keys).subtracting(GenericConnection.jsonKeys)
        guard unknown.isEmpty else {
            throw ConnectionError(.invalidJSON, connID: connID,
                                  "unknown keys \(unknown.sorted()); allowed: \(GenericConnection.jsonKeys.sorted())")
        }
        if let declared = fields["conn_id"]?.stringValue, declared != connID {
            throw ConnectionError(.invalidJSON, connID: connID, "its 'conn_id' says '\(declared)'")
        }
        if fields["extra"] != nil, fields["extra_dejson"] != nil {
            throw ConnectionError(.invalidJSON, connID: connID, "'extra' and 'extra_dejson' are mutually exclusive")
        }
        if let uri = fields["uri"] {
            guard let text = uri.stringValue else {
                throw ConnectionError(.invalidJSON, connID: connID, "'uri' is not a string")
            }
            try self.init(connID: connID, uri: text)
            return
        }
        func text(_ key: String) throws -> String? {
            switch fields[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case let other?:
                // The kind only: a password written as a number must not be echoed.
                throw ConnectionError(.invalidJSON, connID: connID, "'\(key)' must be a string, got \(other.kindName)")
            }
        }
        self.init(
            connID: connID, connType: try text("conn_type"), description: try text("description"),
            host: try text("host"), schema: try text("schema"), login: try text("login"),
            password: try text("password"), port: try GenericConnection.port(fields["port"], connID: connID),
            extra: try GenericConnection.extraObject(fields["extra"] ?? fields["extra_dejson"], connID: connID))
    }

    private static func port(_ value: JSONValue?, connID: String) throws -> Int? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)? where text.isEmpty: return nil
        case let value?:
            if let port = value.intValue ?? value.stringValue.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
               (0...65_535).contains(port) {
                return port
            }
            throw ConnectionError(.invalidJSON, connID: connID,
                                  "expected an integer value for 'port', got \(value.jsonText)")
        }
    }

    private static func extraObject(_ value: JSONValue?, connID: String) throws -> [String: JSONValue] {
        switch value {
        case nil, .null?: return [:]
        case .object(let object)?: return object
        case .string(let text)? where text.isEmpty: return [:]
        case .string(let text)?:
            guard let parsed = try? JSONValue(parsing: text), let object = parsed.objectValue else {
                throw ConnectionError(.invalidJSON, connID: connID, "'extra' is not a JSON object")
            }
            return object
        case let other?:
            throw ConnectionError(.invalidJSON, connID: connID, "'extra' must be a JSON object, got \(other.kindName)")
        }
    }

    /// The connection in Airflow's JSON form (password included: for writing connection files, never for logs).
    public var airflowJSON: String {
        var object: [String: JSONValue] = [:]
        if let connType { object["conn_type"] = .string(connType) }
        if let connectionDescription { object["description"] = .string(connectionDescription) }
        if let host { object["host"] = .string(host) }
        if let schema { object["schema"] = .string(schema) }
        if let login { object["login"] = .string(login) }
        if let password { object["password"] = .string(password) }
        if let port { object["port"] = .int(Int64(port)) }
        if !extra.isEmpty { object["extra"] = .object(extra) }
        return JSONValue.object(object).jsonText
    }
}

extension JSONValue {
    /// What kind of value this is (`a number`, `an array`…), for errors that must not quote a value that may be
    /// a secret.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
