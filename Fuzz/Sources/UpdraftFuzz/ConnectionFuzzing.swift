import Foundation
import Updraft

/// Connection URIs, passwords inside them, and JSON.
enum ConnectionFuzzing {
    static let marker = "Qz9"

    static func uri(_ input: FuzzInput) {
        guard let connection = try? GenericConnection(connID: "fuzz", uri: input.text) else { return }
        _ = connection.description
        // Without a type, Airflow's own `get_uri` writes `//…`, which no parser reads back.
        guard connection.connType != nil else { return }
        let uri = connection.airflowURI
        guard let again = try? GenericConnection(connID: "fuzz", uri: uri) else {
            return require(false, "the URI of a parsed connection does not parse: \(uri)")
        }
        require(again.airflowURI == uri, "the URI is not stable: \(uri) became \(again.airflowURI)")
    }

    /// `http://svc:<input>@db.example.com:5432/x`: whatever the input holds, the marker (which only the
    /// password contains) may appear in no error and, when the password was mis-read, in no other field.
    /// Excluded: a password with `@` (where the credentials end is then a guess) or starting with `//`, which
    /// makes the URI the valid form `http://svc://…@host` of a host with its own scheme `svc`.
    static func password(_ input: FuzzInput) {
        let password = input.text
        // Among Unicode scalars, as the parser looks: `@` and a combining mark are one Character.
        let scalars = password.unicodeScalars
        guard holds(password, marker), !scalars.contains("@"), !scalars.starts(with: "//".unicodeScalars) else {
            return
        }
        let uri = "http://svc:\(password)@db.example.com:5432/x"
        let connection: GenericConnection
        do {
            connection = try GenericConnection(connID: "fuzz", uri: uri)
        } catch {
            return require(!holds("\(error)", marker), "the error quotes the password: \(error)")
        }
        guard !holds(connection.password ?? "", marker) else { return }
        let shown = [connection.description, connection.host ?? "", connection.schema ?? "", connection.login ?? "",
                     connection.extra.keys.joined(), connection.extra.values.map(\.textValue).joined()]
        require(!holds(shown.joined(separator: " "), marker), "the password spilled into \(connection)")
    }

    static func json(_ input: FuzzInput) {
        let text = input.text
        if let value = try? JSONValue(parsing: text) {
            let json = value.jsonText
            guard let again = try? JSONValue(parsing: json) else {
                return require(false, "the JSON of a parsed value does not parse: \(json)")
            }
            require(again.jsonText == json, "the JSON is not stable: \(json) became \(again.jsonText)")
        }
        guard let connection = try? GenericConnection(connID: "fuzz", json: text) else { return }
        _ = connection.description
        let json = connection.airflowJSON
        guard let again = try? GenericConnection(connID: "fuzz", json: json) else {
            return require(false, "the JSON of a parsed connection does not parse: \(json)")
        }
        require(again == connection, "the connection changed through JSON: \(connection) became \(again)")
    }
}
