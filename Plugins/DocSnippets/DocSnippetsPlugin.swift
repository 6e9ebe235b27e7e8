import Foundation
import PackagePlugin

/// Compiles the Swift snippets of the package's documentation (README.md, Documentation/, the DocC catalogs in
/// Sources/*/*.docc) into the target it is applied to, every diagnostic pointing at the article's own line. See
/// Documentation/Contributing.md, "Code in the documentation".
///
/// The `doc-snippets` tool does the work in a build command, which SwiftPM reruns whenever an article (or a file
/// an article mirrors) changes. A build command must name its outputs when the build is planned, and SwiftPM
/// plans again only when the package's structure changes, so the outputs are numbered slots: as many as the
/// documentation has Swift blocks now, plus room for those written before the next planning.
@main struct DocSnippetsPlugin: BuildToolPlugin {
    /// Snippets an incremental build can take beyond those counted when it was planned.
    static let spareSlots = 64

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "Snippets")
        let watched = try Self.watchedFiles(in: root)
        let blocks = watched.filter { $0.pathExtension == "md" }.reduce(0) { count, url in
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            return count + text.split(separator: "\n").count { $0.drop { $0 == " " } == "```swift" }
        }
        let slots = blocks + Self.spareSlots
        let outputs = ["ManifestSnippets.swift"] + (0..<slots).map { String(format: "Snippet%03d.swift", $0) }
        let products = context.package.products.compactMap { ($0 as? LibraryProduct)?.name }
        return [.buildCommand(
            displayName: "Extracting the documentation's Swift snippets",
            executable: try context.tool(named: "doc-snippets").url,
            arguments: [root.path, output.path, String(slots)] + products,
            inputFiles: watched, outputFiles: outputs.map { output.appending(path: $0) })]
    }

    /// The articles, the folders holding them (a new article changes its folder), and the examples, whose files
    /// articles may mirror.
    private static func watchedFiles(in root: URL) throws -> [URL] {
        let manager = FileManager.default
        var folders = ["Documentation", "Examples"]
        let sources = root.appending(path: "Sources")
        for module in try manager.contentsOfDirectory(atPath: sources.path) {
            let entries = (try? manager.contentsOfDirectory(atPath: sources.appending(path: module).path)) ?? []
            folders += entries.filter { $0.hasSuffix(".docc") }.map { "Sources/\(module)/\($0)" }
        }
        var files = [root.appending(path: "README.md")]
        for folder in folders {
            let url = root.appending(path: folder)
            guard let walker = manager.enumerator(atPath: url.path) else { continue }
            files.append(url)
            for case let path as String in walker {
                if path.hasSuffix(".build") {
                    walker.skipDescendants()  // a starter package built in place
                } else if path.hasSuffix(".md") || path.hasSuffix(".swift") {
                    files.append(url.appending(path: path))
                }
            }
        }
        return files
    }
}
