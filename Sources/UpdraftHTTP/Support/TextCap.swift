/// Text cut to a budget of UTF-8 bytes, with a mark that says so: for response text kept as a task's result
/// (XCom) or written to its log, which travel on into run records, reports and consoles.
struct TextCap {
    /// The most bytes kept.
    let maxBytes: Int

    /// `text` itself when it fits; else its longest prefix that fits (cut between Unicode scalars, never inside
    /// one) followed by ` … [truncated: first N of M bytes kept]`.
    func apply(_ text: String) -> String {
        let total = text.utf8.count
        guard total > maxBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: max(0, maxBytes))
        while end > text.utf8.startIndex, end.samePosition(in: text.unicodeScalars) == nil {
            end = text.utf8.index(before: end)
        }
        let kept = text.utf8.distance(from: text.utf8.startIndex, to: end)
        return String(text[..<end]) + " … [truncated: first \(kept) of \(total) bytes kept]"
    }
}
