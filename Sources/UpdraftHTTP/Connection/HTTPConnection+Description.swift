import UpdraftCurl

extension HTTPConnection: CustomStringConvertible, CustomDebugStringConvertible {
    /// The connection without its secrets: the password and sensitive header values show as `***`.
    public var description: String {
        var parts = ["conn_id=\(connID)", "base_url=\(baseURL)"]
        if let login { parts.append("login=\(login)") }
        if password != nil { parts.append("password=***") }
        let shown = headers.map { "\($0.name): \(HTTPHeaderMasking.isSensitive($0.name) ? "***" : $0.value)" }
        if !shown.isEmpty { parts.append("headers=[\(shown.joined(separator: ", "))]") }
        return "HTTPConnection(\(parts.joined(separator: " ")))"
    }

    /// The same as ``description``: secrets never show, even in debug output.
    public var debugDescription: String { description }
}
