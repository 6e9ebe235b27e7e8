import Foundation
public import Updraft

/// An Airflow `smtp` connection, read as the provider's `SmtpHook` reads it: host, port, login, password, and the
/// extras `from_email`, `timeout`, `retry_limit`, `disable_tls`, `disable_ssl` and `ssl_context`.
///
/// Every field is optional: a field left empty falls back to `AIRFLOW__SMTP__*` (see ``SMTPSettings``). Extras
/// given as strings (the URI form) are accepted for numbers and booleans (`"30"`, `"true"`).
///
/// ```
/// AIRFLOW_CONN_SMTP_DEFAULT='smtp://ops%40example.com:app-password@smtp.example.com:587?from_email=ops%40example.com'
/// ```
public struct SMTPConnection: Connection, CustomStringConvertible {
    /// `smtp`.
    public static let connectionType = "smtp"

    /// The connection id.
    public var connID: String
    /// The server host.
    public var host: String?
    /// The server port.
    public var port: Int?
    /// The user name for `AUTH`.
    public var login: String?
    /// The password for `AUTH`. Never printed.
    public var password: String?
    /// Extra `from_email`: the sender when the operator gives none.
    public var fromEmail: String?
    /// Extra `timeout` (written in seconds).
    public var timeout: Duration?
    /// Extra `retry_limit`: how many times a send is attempted when the connection drops.
    public var retryLimit: Int?
    /// Extra `disable_tls`: no STARTTLS.
    public var disableTLS: Bool?
    /// Extra `disable_ssl`: no implicit TLS.
    public var disableSSL: Bool?
    /// Extra `ssl_context`: `default` verifies the server certificate, `none` does not.
    public var sslContext: String?

    /// Reads the connection.
    /// - Throws: `ConnectionError` `wrongType` for a connection of another type, `invalidField` naming the
    ///   extra whose value has the wrong type.
    public init(_ generic: GenericConnection) throws {
        if let type = generic.connType, type != Self.connectionType {
            throw ConnectionError(.wrongType, connID: generic.connID,
                                  "is of type '\(type)', but email needs an 'smtp' connection")
        }
        connID = generic.connID
        host = generic.host.flatMap { $0.isEmpty ? nil : $0 }
        port = generic.port
        login = generic.login.flatMap { $0.isEmpty ? nil : $0 }
        password = generic.password.flatMap { $0.isEmpty ? nil : $0 }
        let extras = ExtraReader(connection: generic)
        fromEmail = try extras.string("from_email")
        timeout = try extras.int("timeout", in: SMTPSettings.timeoutSeconds).map { .seconds($0) }
        retryLimit = try extras.int("retry_limit", in: SMTPSettings.retryLimits)
        disableTLS = try extras.bool("disable_tls")
        disableSSL = try extras.bool("disable_ssl")
        sslContext = try extras.string("ssl_context")
    }

    /// The fields that are set, without the password.
    public var description: String {
        var parts = ["connID: \(connID)"]
        if let host { parts.append("host: \(host)") }
        if let port { parts.append("port: \(port)") }
        if let login { parts.append("login: \(login)") }
        if password != nil { parts.append("password: ***") }
        if let fromEmail { parts.append("fromEmail: \(fromEmail)") }
        return "SMTPConnection(\(parts.joined(separator: ", ")))"
    }
}

/// Typed access to a connection's extras, accepting the string forms the URI encoding produces.
private struct ExtraReader {
    let connection: GenericConnection

    func string(_ key: String) throws -> String? {
        guard let value = connection.extra[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw invalid(key, "a string") }
        return text.isEmpty ? nil : text
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = connection.extra[key], value != .null else { return nil }
        guard let number = value.intValue
            ?? value.stringValue.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { throw invalid(key, "an integer") }
        return try GenericConnection.integer(number, in: range, field: "extra '\(key)'", connID: connection.connID)
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = connection.extra[key], value != .null else { return nil }
        if let flag = value.boolValue { return flag }
        if let text = value.stringValue, let flag = AirflowBoolean.parse(text) { return flag }
        throw invalid(key, "a boolean")
    }

    private func invalid(_ key: String, _ expected: String) -> ConnectionError {
        ConnectionError(.invalidField, connID: connection.connID, "extra '\(key)' must be \(expected)")
    }
}
