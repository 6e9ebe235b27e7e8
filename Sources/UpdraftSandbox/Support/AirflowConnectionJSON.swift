import Foundation

/// An Airflow connection in its JSON form (`AIRFLOW_CONN_<ID>='{"conn_type": …}'`), as the sandbox exports it for
/// each service: the form a user would write, parsed by Updraft exactly like Airflow parses it.
struct AirflowConnectionJSON: Encodable {
    /// A value of the connection's `extra` object.
    enum ExtraValue: Encodable {
        case string(String)
        case bool(Bool)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            }
        }
    }

    var connType: String
    var host: String
    var port: Int
    var schema: String?
    var login: String?
    var password: String?
    var extra: [String: ExtraValue] = [:]

    enum CodingKeys: String, CodingKey {
        case connType = "conn_type"
        case host, port, schema, login, password, extra
    }

    /// The JSON text with sorted keys (stable across runs); `{}` is unreachable, every member is a string, bool
    /// or integer.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
