import Foundation

/// Reads libpq's URL form by hand: Foundation's URL parsing is lenient in ways that hide mistakes (an unencoded `@`
/// in a password, a stray port), and its errors would quote the whole text, password included.
///
/// Everything before the last `@` is the user information. Errors never quote it, nor the port (in a URL without `@`,
/// `user:password` reads as host and port), so a password — even one with unencoded `/`, `?` or `:` — never appears
/// in one.
enum PostgresURLParser {
    static let defaultSocketDirectory = "/var/run/postgresql"

    static func parse(_ text: String) throws(PostgresURLError) -> PostgresDatabaseURL {
        guard let schemeEnd = text.range(of: "://") else { throw .notPostgresURL(scheme: nil) }
        let scheme = String(text[..<schemeEnd.lowerBound])
        guard ["postgresql", "postgres"].contains(scheme.lowercased()) else {
            // Only letters are quoted: a scheme-less text could hold anything before its first "://".
            throw .notPostgresURL(scheme: scheme.allSatisfy(\.isLetter) && scheme.count < 20 ? scheme : nil)
        }
        var rest = text[schemeEnd.upperBound...]
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInformation = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInformation.firstIndex(of: ":") {
                user = try decode(userInformation[..<colon], part: "user name")
                password = try decode(userInformation[userInformation.index(after: colon)...], part: "password")
            } else {
                user = try decode(userInformation, part: "user name")
            }
        }
        let query = rest.firstIndex(of: "?").map { rest[rest.index(after: $0)...] } ?? ""
        if let questionMark = rest.firstIndex(of: "?") { rest = rest[..<questionMark] }
        let path = rest.firstIndex(of: "/").map { rest[rest.index(after: $0)...] } ?? ""
        let hostAndPort = rest.firstIndex(of: "/").map { rest[..<$0] } ?? rest
        var parts = try hostPort(hostAndPort)
        var database = path.isEmpty ? nil : try decode(path, part: "database name")
        var settings = Settings()
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { throw .parameterWithoutValue(name: String(pair)) }
            let name = String(pair[..<equals])
            let value = try decode(pair[pair.index(after: equals)...], part: "parameter \(name)")
            switch name {
            case "host": parts.host = value
            case "port": parts.port = try port(value)
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            default: try settings.set(name, value)
            }
        }
        let resolvedUser = user.flatMap { $0.isEmpty ? nil : $0 } ?? currentUser()
        let host = parts.host ?? defaultSocketDirectory
        let endpoint: PostgresDatabaseURL.Endpoint = host.hasPrefix("/")
            ? .unixSocket(directory: host, port: parts.port) : .tcp(host: host, port: parts.port)
        return PostgresDatabaseURL(
            endpoint: endpoint, user: resolvedUser, password: password,
            database: database.flatMap { $0.isEmpty ? nil : $0 } ?? resolvedUser, sslMode: settings.sslMode,
            sslRootCertificate: settings.sslRootCertificate, applicationName: settings.applicationName,
            connectTimeout: settings.connectTimeout)
    }

    /// The query parameters that are neither the host, port, user, password nor database.
    private struct Settings {
        var sslMode = PostgresSSLMode.prefer
        var sslRootCertificate: String?
        var applicationName: String?
        var connectTimeout: Duration?

        mutating func set(_ name: String, _ value: String) throws(PostgresURLError) {
            switch name {
            case "sslmode":
                guard let mode = PostgresSSLMode(rawValue: value) else {
                    throw .invalidParameter(name: name, value: value, expected: PostgresSSLMode.allCases
                        .map(\.rawValue).joined(separator: ", "))
                }
                sslMode = mode
            case "sslrootcert": sslRootCertificate = value
            case "application_name": applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw .invalidParameter(name: name, value: value, expected: "a whole number of seconds")
                }
                // libpq: zero means "wait indefinitely"; values under 2 seconds are raised to 2.
                connectTimeout = seconds == 0 ? nil : .seconds(max(seconds, 2))
            default:
                throw .unsupportedParameter(name: name)
            }
        }
    }

    private static func hostPort(_ text: Substring) throws(PostgresURLError) -> (host: String?, port: Int) {
        if text.contains(",") { throw .multipleHosts }
        var host = text
        var portText: Substring?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        let decoded = try decode(host, part: "host")
        var port = 5432
        if let portText { port = try Self.port(String(portText)) }
        return (decoded.isEmpty ? nil : decoded, port)
    }

    private static func port(_ text: String) throws(PostgresURLError) -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else { throw .invalidPort }
        return port
    }

    private static func decode(_ text: Substring, part: String) throws(PostgresURLError) -> String {
        guard let decoded = String(text).removingPercentEncoding else { throw .invalidPercentEncoding(part: part) }
        return decoded
    }

    private static func currentUser() -> String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return NSUserName()
    }
}
