import Foundation

/// Turns the package's documentation into the Swift files of the snippet target: every ` ```swift ` block into the
/// next numbered slot file, the manifests into `ManifestSnippets.swift`, every failed check into a `#error` at the
/// article's line.
struct SnippetGenerator {
    /// The package root.
    var root: URL
    /// The package's library products.
    var products: Set<String>

    /// The files to write, by name: `slotCount` slots (unused ones hold a comment) and `ManifestSnippets.swift`.
    func files(slotCount: Int) throws -> [String: String] {
        let checks = ArticleChecks(products: products) { path in
            try? String(contentsOf: root.appending(path: path), encoding: .utf8)
        }
        var sources: [String] = []
        var manifests: [(article: String, line: Int, text: String)] = []
        for article in try articles() {
            let text = try String(contentsOf: root.appending(path: article), encoding: .utf8)
            let prose = MarkdownBlocks.prose(of: text)
            for block in MarkdownBlocks.swiftBlocks(in: text, article: article) {
                var source = checks.unnamedProducts(in: block, prose: prose).map { unnamed in
                    errorSource(article: article, line: unnamed.line, """
                        the article imports `\(unnamed.product)` but never names that product: say which target \
                        needs it (write `\(unnamed.product)` in its text)
                        """)
                }.joined()
                switch SnippetKind(block) {
                case .mirror(let path):
                    if let failure = checks.mirrorFailure(of: block, path: path) {
                        source += errorSource(article: article, line: block.directiveLine ?? block.firstLine, failure)
                    }
                case .manifest:
                    manifests.append((article, block.firstLine, block.lines.joined(separator: "\n")))
                case .swift:
                    source += SnippetSource.file(for: block)
                case .unknown(let directive):
                    source += errorSource(article: article, line: block.directiveLine ?? block.firstLine,
                                          "unknown snippet directive '\(directive)'; the only one is 'file PATH'")
                }
                sources.append(source)
            }
        }
        var files = ["ManifestSnippets.swift": ManifestList.source(manifests)]
        for slot in 0..<slotCount {
            files[Self.slotName(slot)] = slot < sources.count ? sources[slot] : "// An unused documentation snippet slot.\n"
        }
        if sources.count > slotCount {
            files[Self.slotName(slotCount - 1)] = errorSource(article: "Package.swift", line: 1, """
                the documentation has \(sources.count) Swift snippets but the build planned \(slotCount): touch \
                Package.swift (or run `swift package clean`) and build again
                """)
        }
        return files
    }

    static func slotName(_ slot: Int) -> String { String(format: "Snippet%03d.swift", slot) }

    /// README.md, every article under Documentation/ and every article of a DocC catalog, sorted.
    func articles() throws -> [String] {
        var found = ["README.md"]
        let manager = FileManager.default
        let sources = root.appending(path: "Sources")
        let catalogs = try manager.contentsOfDirectory(atPath: sources.path).flatMap { module in
            ((try? manager.contentsOfDirectory(atPath: sources.appending(path: module).path)) ?? [])
                .filter { $0.hasSuffix(".docc") }.map { "Sources/\(module)/\($0)" }
        }
        for folder in ["Documentation"] + catalogs {
            guard let walker = manager.enumerator(atPath: root.appending(path: folder).path) else { continue }
            for case let path as String in walker where path.hasSuffix(".md") { found.append("\(folder)/\(path)") }
        }
        return found.sorted()
    }
}

/// What a block is: Swift to compile, a whole manifest, a mirror of a file, or a directive this tool does not know.
enum SnippetKind {
    case swift, manifest, mirror(String), unknown(String)

    init(_ block: CodeBlock) {
        if let directive = block.directive {
            let words = directive.split(separator: " ", maxSplits: 1).map(String.init)
            self = words.count == 2 && words[0] == "file" ? .mirror(words[1]) : .unknown(directive)
            return
        }
        let first = block.lines.first { !$0.trimmingSpaces().isEmpty } ?? ""
        self = first.hasPrefix("// swift-tools-version") ? .manifest : .swift
    }
}
