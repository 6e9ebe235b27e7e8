public import Foundation
import Yams

/// Somewhere connections are looked up: the environment, a file, memory. Sources are consulted in order by a
/// ``ConnectionResolver``.
public protocol ConnectionSource: Sendable {
    /// A short name of where this source looks for `connID`, for "not found" messages
    /// (for example `environment variable AIRFLOW_CONN_TALEND_API`).
    func location(of connID: String) -> String

    /// The connection with this id, or `nil` when this source has none.
    /// - Throws: ``ConnectionError`` when the source has it but it is malformed.
    func connection(_ connID: String) throws -> GenericConnection?
}

/// Connections from `AIRFLOW_CONN_<ID>` environment variables, in URI or JSON form (Airflow's rule: a value
/// starting with `{` is JSON). A variable that is empty (or only white space) counts as unset, as in Airflow, so
/// `AIRFLOW_CONN_X=` hides nothing from the sources after this one.
public struct EnvironmentConnectionSource: ConnectionSource {
    private let environment: [String: String]

    /// Reads from `environment` (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The variable Airflow reads for `connID`: `AIRFLOW_CONN_` + the id upper-cased.
    public static func variableName(for connID: String) -> String { "AIRFLOW_CONN_\(connID.uppercased())" }

    public func location(of connID: String) -> String {
        "environment variable \(EnvironmentConnectionSource.variableName(for: connID))"
    }

    public func connection(_ connID: String) throws -> GenericConnection? {
        guard let raw = environment[EnvironmentConnectionSource.variableName(for: connID)] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        return value.hasPrefix("{")
            ? try GenericConnection(connID: connID, json: value)
            : try GenericConnection(connID: connID, uri: value)
    }
}

/// Connections from a JSON or YAML file in the format of Airflow's `LocalFilesystemBackend`: a mapping from
/// connection id to either a URI string or an object of connection fields.
public struct FileConnectionSource: ConnectionSource {
    /// The file read.
    public let path: String
    private let entries: [String: JSONValue]

    /// Reads and parses the file now (`.yaml`/`.yml` as YAML, anything else as JSON).
    /// - Throws: ``ConnectionError`` with code `invalidFile` naming the file.
    public init(path: String) throws {
        self.path = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConnectionError(.invalidFile, connID: "*", "cannot read connections file \(path)")
        }
        let value: JSONValue?
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            value = try? YAMLDecoder().decode(JSONValue.self, from: text)
        } else {
            value = try? JSONValue(parsing: text)
        }
        guard let object = value?.objectValue else {
            throw ConnectionError(.invalidFile, connID: "*",
                                  "connections file \(path) is not a mapping of connection ids")
        }
        self.entries = object
    }

    public func location(of connID: String) -> String { "connections file \(path)" }

    public func connection(_ connID: String) throws -> GenericConnection? {
        switch entries[connID] {
        case nil: return nil
        case .string(let uri)?: return try GenericConnection(connID: connID, uri: uri)
        case .object(let fields)?: return try GenericConnection(connID: connID, fields: fields)
        case let other?:
            throw ConnectionError(.invalidFile, connID: connID,
                                  "entry in \(path) must be a URI string or an object, got \(other.kindName)")
        }
    }
}

/// Connections held in memory: for tests and for programs that build connections themselves.
public struct InMemoryConnectionSource: ConnectionSource {
    private let connections: [String: GenericConnection]

    /// Holds `connections`, keyed by their ids.
    public init(_ connections: [GenericConnection]) {
        self.connections = Dictionary(connections.map { ($0.connID, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func location(of connID: String) -> String { "in-memory connections" }

    public func connection(_ connID: String) throws -> GenericConnection? { connections[connID] }
}
