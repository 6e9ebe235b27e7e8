/// `application/x-www-form-urlencoded` as Python's `urlencode` writes it (`quote_plus`: space → `+`).
enum FormEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// `name=value&…`, each side percent-encoded.
    static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(quotePlus($0.name))=\(quotePlus($0.value))" }.joined(separator: "&")
    }

    static func quotePlus(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: " ") {
                result += "+"
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
