import Foundation

extension GenericConnection {
    private static let extraKey = "__extra__"

    /// Parses Airflow's URI form, `<conn_type>://<login>:<password>@<host>:<port>/<schema>?<extras>`, exactly as
    /// Airflow's `Connection._parse_from_uri` does: percent-decoding of each part, a host with its own scheme
    /// (`http://https://api.example.com`), `__extra__` holding JSON, and other query values JSON-decoded when they
    /// parse (`30` → number, `true` → boolean), kept as strings otherwise.
    /// - Throws: ``ConnectionError`` with code `invalidURI` naming the connection.
    public init(connID: String, uri: String) throws {
        let schemeCount = uri.components(separatedBy: "://").count - 1
        guard schemeCount <= 2 else {
            throw ConnectionError(.invalidURI, connID: connID, "more than two '://' in the URI")
        }
        guard schemeCount >= 1 else {
            throw ConnectionError(.invalidURI, connID: connID, "the URI has no '<conn_type>://' prefix")
        }
        let hostWithProtocol = schemeCount == 2
        let outer = URLParts(uri)
        let connType = outer.scheme
        // Airflow replaces every `<conn_type>://`, which mangles `https://https://host`; only the prefix is meant.
        let afterPrefix = uri.unicodeScalars.dropFirst(connType.unicodeScalars.count)
        let rest = !connType.isEmpty && afterPrefix.starts(with: "://".unicodeScalars)
            ? (hostWithProtocol ? "" : "//") + String(String.UnicodeScalarView(afterPrefix.dropFirst(3)))
            : uri.replacingOccurrences(of: "\(connType)://", with: hostWithProtocol ? "" : "//")
        if hostWithProtocol {
            let inner = rest.components(separatedBy: "://")[0].unicodeScalars
            guard !inner.contains("@"), !inner.contains(":") else {
                throw ConnectionError(.invalidURI, connID: connID,
                                      "credentials or a port stand before the host's own scheme")
            }
        }
        let parts = URLParts(rest)
        if hostWithProtocol, parts.scheme.isEmpty {
            // Airflow would make the host `://…` of such a URI, which no URI writes back.
            throw ConnectionError(.invalidURI, connID: connID, "the second '://' does not follow the host's scheme")
        }
        // Lower-cased after decoding too (Airflow only lower-cases before), so `%4C` reads as `l` both times.
        var host = PercentEncoding.unquote(parts.hostname ?? "").lowercased()
        if host.unicodeScalars.contains("/") {
            var netloc = Substring(parts.netloc).unicodeScalars
            if let at = netloc.lastIndex(of: "@") { netloc = netloc[netloc.index(after: at)...] }
            if let colon = netloc.firstIndex(of: ":") { netloc = netloc[..<colon] }
            host = PercentEncoding.unquote(String(Substring(netloc)))
        }
        if hostWithProtocol { host = "\(parts.scheme)://\(host)" }

        let port = try GenericConnection.port(of: parts, connID: connID)

        let schema = String(parts.path.dropFirst())
        self.init(
            connID: connID, connType: connType.isEmpty ? nil : connType,
            host: host.isEmpty ? nil : host,
            schema: schema.isEmpty ? nil : PercentEncoding.unquote(schema),
            login: parts.username.flatMap { $0.isEmpty ? nil : PercentEncoding.unquote($0) },
            password: parts.password.flatMap { $0.isEmpty ? nil : PercentEncoding.unquote($0) },
            port: port,
            extra: try GenericConnection.parseExtras(query: parts.query, connID: connID))
    }

    /// The port, after making sure no credentials spilled past the host. A login or password holding an
    /// unencoded `/`, `?` or `#` ends the authority early, so the rest of it is read as the port, the path, the
    /// query or the fragment, and an `@` follows. Such an `@` is refused, and the error quotes none of that
    /// text, which is part of the password: an `@` in the path, the fragment or a query key, or anywhere in the
    /// query when the authority holds no `@` (extras written by Airflow's `get_uri` have theirs encoded, `%40`).
    private static func port(of parts: URLParts, connID: String) throws -> Int? {
        // Among Unicode scalars: a character that joins the next one into a grapheme cluster must not hide an `@`.
        func hasAt(_ text: some StringProtocol) -> Bool { text.unicodeScalars.contains("@") }
        let queryKeys = parts.query.unicodeScalars.split(separator: "&").map { $0.prefix { $0 != "=" } }
        if hasAt(parts.path) || hasAt(parts.fragment) || queryKeys.contains(where: { $0.contains("@") })
            || (!hasAt(parts.netloc) && hasAt(parts.query)) {
            throw ConnectionError(
                .invalidURI, connID: connID,
                "an '@' follows the host: percent-encode '/', '?', '#' and '@' in a login or password (as "
                    + "urllib.parse.quote(password, safe='') does) and '@' in extras (%40)")
        }
        guard let portText = parts.portText else { return nil }
        guard portText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let value = Int(portText), value <= 65_535 else {
            throw ConnectionError(.invalidURI, connID: connID, "the port '\(portText)' is not a number 0-65535")
        }
        return value
    }

    private static func parseExtras(query: String, connID: String) throws -> [String: JSONValue] {
        guard !query.isEmpty else { return [:] }
        var fields: [String: String] = [:]
        for (name, value) in PercentEncoding.parseQuery(query) { fields[name] = value }
        if let extraJSON = fields[extraKey] {
            guard let value = try? JSONValue(parsing: extraJSON), let object = value.objectValue else {
                throw ConnectionError(.invalidURI, connID: connID, "'\(extraKey)' is not a JSON object")
            }
            return object
        }
        return fields.mapValues { (try? JSONValue(parsing: $0)) ?? .string($0) }
    }

    /// Serialises the connection in Airflow's URI form (`Connection.get_uri`), which parses back to the same
    /// connection. Extras whose values are all strings go in the query; otherwise into `__extra__` as JSON.
    public var airflowURI: String {
        var uri = connType.map { "\($0.lowercased().replacingOccurrences(of: "_", with: "-"))://" } ?? "//"
        var hostToUse = host
        if let host, let range = host.range(of: "://") {
            let scheme = String(host[..<range.lowerBound])
            if scheme != connType {
                uri += "\(scheme)://"
                hostToUse = String(host[range.upperBound...])
            }
        }
        var authority = ""
        if let login { authority += PercentEncoding.quote(login) }
        if let password { authority += ":" + PercentEncoding.quote(password) }
        if !authority.isEmpty { uri += authority + "@" }
        var hostBlock = hostToUse.map(PercentEncoding.quote) ?? ""
        if let port {
            hostBlock += hostBlock.isEmpty && authority.isEmpty ? "@:\(port)" : ":\(port)"
        }
        if let schema, !schema.isEmpty { hostBlock += "/" + PercentEncoding.quote(schema) }
        uri += hostBlock
        if !extra.isEmpty {
            let separator = (schema?.isEmpty ?? true) ? "/?" : "?"
            let sortedKeys = extra.keys.sorted()
            if extra.values.allSatisfy({ $0.stringValue != nil }) {
                uri += separator + PercentEncoding.encodeQuery(sortedKeys.map { ($0, extra[$0]?.stringValue ?? "") })
            } else {
                uri += separator + PercentEncoding.encodeQuery([(GenericConnection.extraKey, JSONValue.object(extra).jsonText)])
            }
        }
        return uri
    }
}
