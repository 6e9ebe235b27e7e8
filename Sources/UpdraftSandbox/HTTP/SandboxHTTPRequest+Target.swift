extension SandboxHTTPRequest {
    /// Splits a request target (`/path?query`) into its percent-decoded path and query items.
    ///
    /// The query is decoded the way `application/x-www-form-urlencoded` and Go's `url.Query` do (`+` is a space),
    /// because the Kubernetes clients this serves are written in Go; in the path `+` stays a `+`.
    static func decodeTarget(_ target: String) -> (path: String, query: [(name: String, value: String)]) {
        let withoutFragment = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = percentDecoded(parts[0], plusIsSpace: false)
        guard parts.count == 2 else { return (path, []) }
        let query = parts[1].split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(pair[0], plusIsSpace: true)
            let value = pair.count == 2 ? percentDecoded(pair[1], plusIsSpace: true) : ""
            return (name: name, value: value)
        }
        return (path, query)
    }

    /// Decodes `%XX` escapes; a malformed escape is kept literally rather than rejected, as lenient servers do.
    private static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
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
