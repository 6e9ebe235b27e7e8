import Foundation

/// Airflow's generic connection record: what `AIRFLOW_CONN_<ID>` holds, before a typed ``Connection`` reads it.
///
/// Built from Airflow's URI form (``init(connID:uri:)``) or JSON form (``init(connID:json:)``) exactly as Airflow
/// parses them. Its `description` never shows the password or sensitive extras.
public struct GenericConnection: Sendable, Hashable, CustomStringConvertible {
    /// The connection id, for example `talend_api`.
    public var connID: String
    /// The connection type (`http`, `kubernetes`, `smtp`, …), normalised as Airflow does.
    public var connType: String?
    /// A free-form description.
    public var connectionDescription: String?
    /// The host; may itself carry a scheme (`https://api.example.com`).
    public var host: String?
    /// The schema: a database name, or for HTTP the URL scheme.
    public var schema: String?
    /// The login (user name).
    public var login: String?
    /// The password. Registered with the secret masker when the connection is loaded.
    public var password: String?
    /// The port.
    public var port: Int?
    /// The extras: a JSON object.
    public var extra: [String: JSONValue]

    /// Creates a connection from its fields.
    public init(
        connID: String, connType: String? = nil, description: String? = nil, host: String? = nil,
        schema: String? = nil, login: String? = nil, password: String? = nil, port: Int? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.connID = connID
        self.connType = connType.map(GenericConnection.normalizeConnType)
        self.connectionDescription = description
        self.host = host
        self.schema = schema
        self.login = login
        self.password = password
        self.port = port
        self.extra = extra
    }

    /// Airflow's normalisation of connection types: `postgresql` → `postgres`, `-` → `_`.
    public static func normalizeConnType(_ type: String) -> String {
        type == "postgresql" ? "postgres" : type.replacingOccurrences(of: "-", with: "_")
    }

    /// The extras whose values are secrets under Airflow's rule (the normalised key contains a sensitive word).
    public var sensitiveExtraValues: [String] {
        extra.compactMap { key, value in
            SensitiveNames.isSensitive(key) ? value.textValue : nil
        }
    }

    public var description: String {
        var parts = ["conn_id=\(connID)"]
        if let connType { parts.append("conn_type=\(connType)") }
        if let host { parts.append("host=\(host)") }
        if let port { parts.append("port=\(port)") }
        if let schema { parts.append("schema=\(schema)") }
        if let login { parts.append("login=\(login)") }
        if password != nil { parts.append("password=***") }
        if !extra.isEmpty {
            let keys = extra.keys.sorted().map { SensitiveNames.isSensitive($0) ? "\($0)=***" : $0 }
            parts.append("extra=[\(keys.joined(separator: ", "))]")
        }
        return "GenericConnection(\(parts.joined(separator: " ")))"
    }
}
