import Foundation
import PackagePlugin

/// Compiles the Swift snippets of the package's documentation (README.md, Documentation/, the DocC catalogs in
/// Sources/*/*.docc) into the target it is applied to: one generated file per ` ```swift ` block, with every
/// diagnostic pointing at the article's line. See Documentation/Contributing.md, "Code in the documentation".
///
/// The plugin writes the files itself while the build is planned (it must read the articles to know how many
/// there are) and hands their folder to SwiftPM through a prebuild command, which is how SwiftPM learns about
/// generated sources whose names it cannot know in advance. Files are rewritten only when their text changes,
/// so an unchanged article costs no compilation.
@main struct DocSnippetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "Snippets")
        let products = Set(context.package.products.compactMap { ($0 as? LibraryProduct)?.name })
        let checks = ArticleChecks(products: products) { path in
            try? String(contentsOf: root.appending(path: path), encoding: .utf8)
        }
        var files: [String: String] = [:]
        var manifests: [(article: String, line: Int, text: String)] = []
        for article in try Self.articles(in: root) {
            let text = try String(contentsOf: root.appending(path: article), encoding: .utf8)
            let prose = MarkdownBlocks.prose(of: text)
            for block in MarkdownBlocks.swiftBlocks(in: text, article: article) {
                let name = Self.fileName(article: article, line: block.firstLine)
                var source = checks.unnamedProducts(in: block, prose: prose).map { unnamed in
                    errorSource(article: article, line: unnamed.line, """
                        the article imports `\(unnamed.product)` but never names that product: say which target \
                        needs it (write `\(unnamed.product)` in its text)
                        """)
                }.joined()
                switch Self.kind(of: block) {
                case .mirror(let path):
                    if let failure = checks.mirrorFailure(of: block, path: path) {
                        source += errorSource(article: article, line: block.directiveLine ?? block.firstLine, failure)
                    }
                case .manifest:
                    manifests.append((article, block.firstLine, block.lines.joined(separator: "\n")))
                case .swift:
                    source += SnippetSource.file(for: block)
                case .unknown(let directive):
                    source += errorSource(article: article, line: block.directiveLine ?? block.firstLine, """
                        unknown snippet directive '\(directive)'; the only one is 'file PATH'
                        """)
                }
                if !source.isEmpty { files[name] = source }
            }
        }
        files["ManifestSnippets.swift"] = ManifestList.source(manifests)
        try Self.write(files, to: output)
        return [.prebuildCommand(displayName: "Extracting documentation snippets",
                                 executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["true"],
                                 outputFilesDirectory: output)]
    }

    private enum Kind {
        case swift, manifest, mirror(String), unknown(String)
    }

    private static func kind(of block: CodeBlock) -> Kind {
        if let directive = block.directive {
            let words = directive.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2, words[0] == "file" else { return .unknown(directive) }
            return .mirror(words[1])
        }
        let first = block.lines.first { !$0.trimmingSpaces().isEmpty } ?? ""
        return first.hasPrefix("// swift-tools-version") ? .manifest : .swift
    }

    /// README.md, every article under Documentation/ and every article of a DocC catalog, sorted.
    static func articles(in root: URL) throws -> [String] {
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

    private static func fileName(article: String, line: Int) -> String {
        let stem = article.dropLast(".md".count).map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(stem) + "_L\(line).swift"
    }

    /// Writes the files that changed and removes those no longer generated.
    private static func write(_ files: [String: String], to folder: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        for existing in try manager.contentsOfDirectory(atPath: folder.path) where files[existing] == nil {
            try manager.removeItem(at: folder.appending(path: existing))
        }
        for (name, text) in files {
            let url = folder.appending(path: name)
            if (try? String(contentsOf: url, encoding: .utf8)) == text { continue }
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
