/// Escaping of text placed in HTML and SVG, in element content and in quoted attribute values.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities.
    ///
    /// Works on UTF-8 bytes, not `Character`s: a quote followed by a combining mark is one grapheme cluster, unequal
    /// to `"`, yet a browser ends the attribute at its quote byte. Text without any of the five (most ids, dates and
    /// numbers) is returned as it is.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { replacement(for: $0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let entity = replacement(for: byte) {
                bytes.append(contentsOf: entity)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let ampersand = Array("&amp;".utf8), lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8), quote = Array("&quot;".utf8), apostrophe = Array("&#39;".utf8)

    private static func replacement(for byte: UInt8) -> [UInt8]? {
        switch byte {
        case UInt8(ascii: "&"): ampersand
        case UInt8(ascii: "<"): lessThan
        case UInt8(ascii: ">"): greaterThan
        case UInt8(ascii: "\""): quote
        case UInt8(ascii: "'"): apostrophe
        default: nil
        }
    }
}
