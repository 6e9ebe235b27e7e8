import Foundation

/// A plain-text rendering of an HTML body, for the `text/plain` alternative: tags dropped, block ends and `<br>`
/// turned into line breaks, list items prefixed with `- `, common entities decoded, scripts and styles removed.
enum HTMLText {
    private static let lineBreakingTags: Set<String> = [
        "br", "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "/table", "/ul", "/ol", "hr",
    ]
    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "#39": "'",
    ]

    static func plainText(fromHTML html: String) -> String {
        var output = ""
        var index = html.startIndex
        var skippingUntil: String?
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let name = tagName(html[html.index(after: index)..<close])
                index = html.index(after: close)
                if let end = skippingUntil {
                    if name == end { skippingUntil = nil }
                    continue
                }
                if name == "script" || name == "style" { skippingUntil = "/" + name }
                if lineBreakingTags.contains(name) { output += "\n" }
                if name == "li" { output += "- " }
                continue
            }
            index = html.index(after: index)
            if skippingUntil != nil { continue }
            if character == "&", let (text, next) = entity(in: html, at: index) {
                output += text
                index = next
            } else {
                output.append(character == "\r\n" || character == "\n" || character == "\t" ? " " : character)
            }
        }
        return collapse(output)
    }

    /// `p`, `/p`, `br` (also for `br/` and `br /`): the name, lower-cased, `/` first for a closing tag.
    private static func tagName(_ inside: Substring) -> String {
        let closing = inside.hasPrefix("/")
        let name = inside.dropFirst(closing ? 1 : 0).prefix(while: { $0.isLetter || $0.isNumber })
        return (closing ? "/" : "") + name.lowercased()
    }

    /// The decoded entity starting after the `&` at `start`, and the index after its `;`.
    private static func entity(in html: String, at start: String.Index) -> (String, String.Index)? {
        guard let semicolon = html[start...].prefix(10).firstIndex(of: ";") else { return nil }
        let name = String(html[start..<semicolon])
        let next = html.index(after: semicolon)
        if let text = entities[name] { return (text, next) }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return (String(Character(scalar)), next)
    }

    /// Spaces trimmed around line breaks, runs of spaces and of blank lines reduced to one.
    private static func collapse(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        let kept = lines.enumerated().filter { offset, line in
            !line.isEmpty || (offset > 0 && !lines[offset - 1].isEmpty)
        }.map(\.element)
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
