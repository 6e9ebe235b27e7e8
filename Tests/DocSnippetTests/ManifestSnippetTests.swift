import Foundation
import ProcessTestSupport
import Testing

/// Loads every `Package.swift` shown in the documentation with SwiftPM itself (`swift package dump-package`) and
/// checks what a reader copies: each `.product(name:package:)` names a product Updraft has, under the identity
/// SwiftPM gives the dependency (for a URL its last path component, for a path its folder's name, unless the
/// dependency is given a `name:`).
@Suite struct ManifestSnippetTests {
    @Test func theDocumentationShowsManifests() {
        #expect(manifestSnippets.count >= 2, "getting started shows a manifest by URL and one by path")
    }

    @Test(arguments: manifestSnippets)
    func manifestLoadsAndNamesItsDependencyAsSwiftPMDoes(_ snippet: ManifestSnippet) async throws {
        let dump = try await Self.dumpPackage(snippet)
        let identities = dump.dependencies.flatMap(\.names)
        let products = Set(Self.updraftLibraryProducts)
        for target in dump.targets {
            for (name, package) in target.productDependencies {
                #expect(identities.contains(package.lowercased()), """
                    \(snippet): target \(target.name) names package "\(package)" but SwiftPM knows the dependencies \
                    as \(identities)
                    """)
                if name.hasPrefix("Updraft") {
                    #expect(products.contains(name), "\(snippet): Updraft has no product \(name)")
                }
            }
        }
    }

    /// The library products of this package (the manifest the documentation's snippets depend on).
    static let updraftLibraryProducts = [
        "Updraft", "UpdraftCurl", "UpdraftHTTP", "UpdraftTalend", "UpdraftKubernetes", "UpdraftEmail",
        "UpdraftTesting", "UpdraftMetrics", "UpdraftTracing", "UpdraftSandbox", "UpdraftCLI",
    ]

    private static func dumpPackage(_ snippet: ManifestSnippet) async throws -> PackageDump {
        let directory = FileManager.default.temporaryDirectory.appending(path: "manifest-snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try snippet.text.write(to: directory.appending(path: "Package.swift"), atomically: true, encoding: .utf8)
        let exit = try await ChildProcess.run("swift", ["package", "dump-package", "--package-path", directory.path],
                                              timeout: .seconds(300))
        guard exit.status == 0 else {
            throw ManifestSnippetError(snippet: snippet, output: exit.stderr + exit.stdout)
        }
        return try JSONDecoder().decode(PackageDump.self, from: Data(exit.stdout.utf8))
    }
}

/// A manifest snippet SwiftPM could not load.
struct ManifestSnippetError: Error, CustomStringConvertible {
    var snippet: ManifestSnippet
    var output: String
    var description: String { "\(snippet): SwiftPM cannot load this manifest:\n\(output)" }
}
