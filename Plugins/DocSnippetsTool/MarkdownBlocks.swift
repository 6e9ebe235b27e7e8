/// A fenced ` ```swift ` block of a Markdown article, with the directive written just above it, if any.
struct CodeBlock {
    /// The article, relative to the package root (`Documentation/Testing.md`).
    var article: String
    /// The 1-based line of the block's first code line in the article.
    var firstLine: Int
    /// The code, without the fence's indentation.
    var lines: [String]
    /// The `<!-- snippet: … -->` comment on the line above the fence (blank lines may separate them).
    var directive: String?
    /// The line of that comment.
    var directiveLine: Int?
}

/// Finds the Swift blocks of a Markdown article: fences opened by ` ```swift ` (any indentation, as in lists) and
/// closed by ` ``` `. Other fences (` ```sh `, ` ```python `, untagged) are skipped.
enum MarkdownBlocks {
    static func swiftBlocks(in text: String, article: String) -> [CodeBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [CodeBlock] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let fence = line.dropFirst(indent)
            guard fence.hasPrefix("```") else {
                index += 1
                continue
            }
            let language = fence.dropFirst(3).trimmingSpaces()
            var end = index + 1
            while end < lines.count, !lines[end].dropFirst(min(indent, leadingSpaces(lines[end]))).hasPrefix("```") {
                end += 1
            }
            if language == "swift" {
                let code = lines[(index + 1)..<min(end, lines.count)].map { String($0.dropFirst(min(indent, leadingSpaces($0)))) }
                let (directive, directiveLine) = directive(above: index, in: lines)
                blocks.append(CodeBlock(article: article, firstLine: index + 2, lines: code, directive: directive,
                                        directiveLine: directiveLine))
            }
            index = end + 1
        }
        return blocks
    }

    /// The text of a `<!-- snippet: … -->` comment above line `fence` (0-based), skipping blank lines.
    private static func directive(above fence: Int, in lines: [String]) -> (String?, Int?) {
        var index = fence - 1
        while index >= 0, lines[index].trimmingSpaces().isEmpty { index -= 1 }
        guard index >= 0 else { return (nil, nil) }
        let line = lines[index].trimmingSpaces()
        guard line.hasPrefix("<!-- snippet:"), line.hasSuffix("-->") else { return (nil, nil) }
        let body = line.dropFirst("<!-- snippet:".count).dropLast("-->".count)
        return (body.trimmingSpaces(), index + 1)
    }

    /// The prose of an article: every line outside fenced blocks.
    static func prose(of text: String) -> String {
        var inFence = false
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.drop(while: { $0 == " " }).hasPrefix("```") {
                inFence.toggle()
            } else if !inFence {
                kept.append(line)
            }
        }
        return kept.joined(separator: "\n")
    }

    private static func leadingSpaces(_ line: String) -> Int { line.prefix { $0 == " " }.count }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(String(drop(while: isSpace).reversed()).drop(while: isSpace).reversed())
    }
}
