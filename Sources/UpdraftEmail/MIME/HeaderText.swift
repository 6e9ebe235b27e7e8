import Foundation

/// Header value rules: no line breaks in input, RFC 2047 encoded words for non-ASCII text, and RFC 5322 folding
/// of long lines. Everything this produces is printable ASCII.
enum HeaderText {
    /// Lines of a header are kept at most this long where a space allows a break (RFC 5322 §2.1.1).
    static let lineLimit = 78
    /// UTF-8 bytes per encoded word: 36 bytes make 48 base64 characters, 60 with `=?utf-8?B?` and `?=`, so a
    /// word fits the 75-character limit and, after a header name, the 78-character line.
    private static let bytesPerWord = 36

    /// Throws when `text` holds CR, LF or NUL, the characters that would end a header and start another.
    static func rejectLineBreaks(_ text: String, in field: String) throws(EmailError) {
        if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw EmailError(.headerInjection, "the \(field) \(EmailError.quoted(text)) contains a line break")
        }
    }

    /// Whether `text` can go in a header as it is: printable ASCII, spaces and tabs, and no `=?` that a reader
    /// would take for an encoded word.
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ($0.value >= 32 && $0.value < 127) || $0 == "\t" } && !text.contains("=?")
    }

    /// Unstructured text (a subject, a custom header's value): as is when plain, else RFC 2047 encoded words.
    static func unstructured(_ text: String) -> String {
        isPlain(text) ? text : encodedWords(text).joined(separator: " ")
    }

    /// A display name: a bare phrase of atoms, a quoted string when it has specials, or encoded words.
    static func phrase(_ text: String) -> String {
        guard isPlain(text) else { return encodedWords(text).joined(separator: " ") }
        let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
        if text.unicodeScalars.allSatisfy({ atext.contains($0) }) && !text.hasPrefix(" ") && !text.hasSuffix(" ") {
            return text
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// `text` as RFC 2047 `B` encoded words in UTF-8, never splitting a character across words.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > bytesPerWord, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk.removeAll()
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// `Name: value` folded before blanks so lines stay within ``lineLimit`` where possible, ending in CRLF.
    ///
    /// A fold never leaves a line holding only the name or only whitespace; a line with no blank to fold at
    /// (a long name, a long word) stays long. Works on UTF-8 bytes: a blank is ASCII, so a fold never splits a
    /// character, and header text is ASCII anyway.
    static func field(_ name: String, _ value: String) -> String {
        let bytes = Array("\(name): \(value)".utf8)
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var output: [UInt8] = []
        var start = 0
        // Where the current line's own text may begin: after the colon, or after the fold's blank.
        var textStart = name.utf8.count + 1
        // Blanks after the last text stay on the last line: a fold there would leave a line of blanks.
        let textEnd = bytes.lastIndex(where: { !isBlank($0) }) ?? 0
        while bytes.count - start > lineLimit {
            guard let firstText = bytes[textStart...].firstIndex(where: { !isBlank($0) }), firstText < textEnd else {
                break
            }
            let lowest = firstText + 1
            let limit = min(start + lineLimit, textEnd - 1)
            let breakAt = (lowest <= limit ? bytes[lowest...limit].lastIndex(where: isBlank) : nil)
                ?? bytes[max(lowest, limit + 1)..<textEnd].firstIndex(where: isBlank)
            guard let breakAt else { break }
            output += bytes[start..<breakAt]
            output += Array("\r\n".utf8)
            start = breakAt
            textStart = breakAt
        }
        output += bytes[start...]
        output += Array("\r\n".utf8)
        return String(decoding: output, as: UTF8.self)
    }
}
