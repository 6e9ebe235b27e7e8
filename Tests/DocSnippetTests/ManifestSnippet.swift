/// A snippet of the documentation that is a whole `Package.swift` (the DocSnippets plugin lists them in the
/// generated `manifestSnippets`).
struct ManifestSnippet: Sendable, CustomStringConvertible {
    /// The article, relative to the package root.
    var article: String
    /// The line of the manifest's first line in the article.
    var line: Int
    /// The manifest.
    var text: String

    var description: String { "\(article):\(line)" }
}
