import Foundation

/// The pieces of a URL as Python's `urllib.parse.urlsplit` finds them, which is what Airflow's connection URI
/// parser relies on (including its quirks: the host is lower-cased, the port must be decimal).
///
/// Delimiters are found among Unicode scalars, as Python finds them among code points, never among grapheme
/// clusters: a `:` followed by a combining mark is still the `:` between a login and a password.
struct URLParts {
    private typealias Scalars = Substring.UnicodeScalarView

    var scheme = ""
    var netloc = ""
    var path = ""
    var query = ""
    var fragment = ""

    init(_ url: String) {
        var rest = Substring(url).unicodeScalars
        if let colon = rest.firstIndex(of: ":"), URLParts.isScheme(rest[..<colon]) {
            scheme = URLParts.text(rest[..<colon]).lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if rest.starts(with: "//".unicodeScalars) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            netloc = URLParts.text(rest[..<end])
            rest = rest[end...]
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = URLParts.text(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = URLParts.text(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        path = URLParts.text(rest)
    }

    private static func text(_ scalars: Scalars) -> String { String(Substring(scalars)) }

    private static func isScheme(_ text: Scalars) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = text.first, isLetter(first) else { return false }
        return text.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private var netlocScalars: Scalars { Substring(netloc).unicodeScalars }

    private var userInfo: Scalars? {
        let scalars = netlocScalars
        guard let at = scalars.lastIndex(of: "@") else { return nil }
        return scalars[..<at]
    }

    private var hostInfo: Scalars {
        let scalars = netlocScalars
        guard let at = scalars.lastIndex(of: "@") else { return scalars }
        return scalars[scalars.index(after: at)...]
    }

    var username: String? {
        guard let info = userInfo else { return nil }
        return URLParts.text(info[..<(info.firstIndex(of: ":") ?? info.endIndex)])
    }

    var password: String? {
        guard let info = userInfo, let colon = info.firstIndex(of: ":") else { return nil }
        return URLParts.text(info[info.index(after: colon)...])
    }

    /// The host, lower-cased, without brackets or port (nil when empty).
    var hostname: String? {
        let info = hostInfo
        let host: Scalars
        if info.first == "[", let close = info.firstIndex(of: "]") {
            host = info[info.index(after: info.startIndex)..<close]
        } else {
            host = info[..<(info.firstIndex(of: ":") ?? info.endIndex)]
        }
        return host.isEmpty ? nil : URLParts.text(host).lowercased()
    }

    /// The port text after the host (nil when absent or empty).
    var portText: String? {
        let info = hostInfo
        let afterHost: Scalars
        if info.first == "[", let close = info.firstIndex(of: "]") {
            afterHost = info[info.index(after: close)...]
        } else if let colon = info.firstIndex(of: ":") {
            afterHost = info[colon...]
        } else {
            return nil
        }
        guard afterHost.first == ":" else { return nil }
        let port = afterHost.dropFirst()
        return port.isEmpty ? nil : URLParts.text(port)
    }
}

/// Python's `quote(text, safe="")`, `unquote`, `quote_plus`-based `urlencode` and `parse_qsl`.
enum PercentEncoding {
    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")

    static func quote(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static func quotePlus(_ text: String) -> String {
        quote(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// Decodes `%XX` sequences; malformed sequences are kept as they are (as Python does).
    static func unquote(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unquotePlus(_ text: String) -> String {
        unquote(text.replacingOccurrences(of: "+", with: " "))
    }

    /// `parse_qsl(query, keep_blank_values=True)`: name/value pairs in order, split among Unicode scalars.
    static func parseQuery(_ query: String) -> [(String, String)] {
        query.unicodeScalars.split(separator: "&").map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String(String.UnicodeScalarView($0)) }
            return (unquotePlus(parts[0]), unquotePlus(parts.count > 1 ? parts[1] : ""))
        }
    }

    /// `urlencode(pairs)` with `quote_plus`.
    static func encodeQuery(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(quotePlus($0.0))=\(quotePlus($0.1))" }.joined(separator: "&")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
