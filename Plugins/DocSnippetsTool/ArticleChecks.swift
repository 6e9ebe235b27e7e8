import Foundation

/// Checks of an article that are not compilation: blocks that mirror a real file, and the products its imports
/// need. Each failure becomes a `#error` at the article's line, so the build reports it like a compile error.
struct ArticleChecks {
    /// The package's library products (an article importing one must name it, so a reader knows what to add to
    /// the DAG or test target).
    var products: Set<String>
    /// Reads a file of the package by relative path; nil when it does not exist.
    var readFile: (String) -> String?

    /// A `<!-- snippet: file PATH -->` block must appear in PATH, line for line (the whole file or a part that
    /// holds its imports), so the article can never drift from a file that is built and tested.
    func mirrorFailure(of block: CodeBlock, path: String) -> String? {
        guard let file = readFile(path) else { return "the file \(path) named by this snippet does not exist" }
        let fileLines = file.split(separator: "\n", omittingEmptySubsequences: false).map { trailingTrimmed($0) }
        var blockLines = block.lines.map { trailingTrimmed($0[...]) }
        while blockLines.last?.isEmpty == true { blockLines.removeLast() }
        guard !blockLines.isEmpty else { return "the snippet is empty" }
        let matches = fileLines.indices.contains { start in
            start + blockLines.count <= fileLines.count
                && Array(fileLines[start..<(start + blockLines.count)]) == blockLines
        }
        let imports = SnippetSource.importedModules(fileLines).map { fileLines[$0.line] }
        if matches, let missing = imports.first(where: { !blockLines.contains($0) }) {
            return "this part of \(path) leaves out its `\(missing)`: show the file from its imports"
        }
        if matches { return nil }
        let firstDifference = blockLines.firstIndex { !fileLines.contains($0) }
        let detail = firstDifference.map { " (line \(block.firstLine + $0) is not in it: \(blockLines[$0]))" } ?? ""
        return "this snippet is not a part of \(path) line for line\(detail); copy the file's text"
    }

    /// Imports of this package's products that the article's prose does not name.
    func unnamedProducts(in block: CodeBlock, prose: String) -> [(product: String, line: Int)] {
        SnippetSource.importedModules(block.lines).filter { imported in
            products.contains(imported.module) && !prose.contains("`\(imported.module)`")
        }.map { ($0.module, block.firstLine + $0.line) }
    }

    private func trailingTrimmed(_ line: Substring) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}

/// A `#error` reported at `line` of `article`.
func errorSource(article: String, line: Int, _ message: String) -> String {
    let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "#sourceLocation(file: \"\(article)\", line: \(line))\n#error(\"\(escaped)\")\n#sourceLocation()\n"
}
