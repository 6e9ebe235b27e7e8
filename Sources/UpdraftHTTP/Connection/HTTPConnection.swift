import Foundation
public import Updraft
public import UpdraftCurl

/// An HTTP connection read from Airflow's generic record exactly as Airflow's `HttpHook` reads it
/// (airflow-anchor §3.3): `schema` is the URL scheme, a `host` may carry its own `://`, `login`/`password` become
/// Basic auth, reserved extras are request options (``HTTPRequestOptions``) and every other extra is a header.
///
/// ```swift
/// // AIRFLOW_CONN_TALEND_API='{"conn_type": "http", "host": "https://api.eu.cloud.talend.com",
/// //                           "extra": {"Authorization": "Bearer <token>"}}'
/// let connection = try HTTPConnection(generic)
/// connection.url(for: "/processing/executions")   // "https://api.eu.cloud.talend.com/processing/executions"
/// ```
public struct HTTPConnection: Connection, Sendable {
    /// `"http"`.
    public static let connectionType = "http"

    /// The connection id.
    public var connID: String
    /// The base URL: scheme, host and port, without a trailing path unless the host carried one.
    public var baseURL: String
    /// The login for Basic auth, when set.
    public var login: String?
    /// The password for Basic auth. Never shown.
    public var password: String?
    /// The headers from the connection's non-reserved extras, in key order.
    public var headers: HTTPHeaders
    /// The request options from the connection's reserved extras.
    public var options: HTTPRequestOptions

    /// Reads `generic` as Airflow's `HttpHook.get_conn` does.
    /// - Throws: `ConnectionError` `invalidField` when the host is missing or an option has the wrong type.
    public init(_ generic: GenericConnection) throws {
        guard let host = generic.host, !host.isEmpty else {
            throw ConnectionError(.invalidField, connID: generic.connID,
                                  "an HTTP connection needs a host (for example https://api.example.com)")
        }
        let scheme = generic.schema.flatMap { $0.isEmpty ? nil : $0 } ?? "http"
        var base = host.contains("://") ? host : "\(scheme)://\(host)"
        if let port = generic.port { base += ":\(port)" }
        guard ["http", "https"].contains(base.prefix { $0 != ":" }.lowercased()) else {
            throw ConnectionError(.invalidField, connID: generic.connID,
                                  "the base URL must use http or https, got scheme '\(base.prefix { $0 != ":" })'")
        }
        connID = generic.connID
        baseURL = base
        login = generic.login.flatMap { $0.isEmpty ? nil : $0 }
        password = generic.password
        var headers = HTTPHeaders()
        var reserved: [String: JSONValue] = [:]
        for key in generic.extra.keys.sorted() {
            guard let value = generic.extra[key] else { continue }
            if HTTPRequestOptions.reservedKeys.contains(key) {
                reserved[key] = value
            } else {
                headers.add(name: key, value: value.textValue)
            }
        }
        self.headers = headers
        options = try HTTPRequestOptions(extras: reserved, connID: generic.connID)
    }

    /// The URL of `endpoint`: joined with one `/` when neither side has one (Airflow's `url_from_endpoint`),
    /// otherwise concatenated; the base URL alone when `endpoint` is nil or empty.
    public func url(for endpoint: String?) -> String {
        guard let endpoint, !endpoint.isEmpty else { return baseURL }
        if endpoint.contains("://") { return endpoint }
        if !baseURL.hasSuffix("/") && !endpoint.hasPrefix("/") { return baseURL + "/" + endpoint }
        return baseURL + endpoint
    }

    /// The values to mask in logs and errors: the password, the Basic credentials and every sensitive header
    /// value (and, for `Bearer <token>`, the token alone).
    public var secrets: [String] {
        var secrets = [password].compactMap { $0 }
        if let basic = basicAuthorization { secrets.append(basic) }
        for field in headers where HTTPHeaderMasking.isSensitive(field.name) {
            secrets += HTTPHeaderMasking.secrets(in: field.value)
        }
        return secrets
    }

    /// `Basic base64(login:password)` when a login is set.
    var basicAuthorization: String? {
        guard let login else { return nil }
        return "Basic " + Data("\(login):\(password ?? "")".utf8).base64EncodedString()
    }
}
