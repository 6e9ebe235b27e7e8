public import Foundation

/// Finds the executables of this package built next to the test bundle (`.build/debug`), and makes scratch
/// directories for the processes the tests start.
public enum BuildProducts {
    /// The executable `name`, built by `swift build --build-tests` (which `swift test` does first).
    public static func executable(_ name: String) throws -> URL {
        let candidates = searchDirectories.map { $0.appending(path: name, directoryHint: .notDirectory) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw MissingProduct(name: name, searched: searchDirectories.map(\.path))
        }
        return found
    }

    /// A fresh empty directory under the system's temporary directory.
    public static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appending(path: "updraft-tests-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static var searchDirectories: [URL] {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL {
            var directory = executable.deletingLastPathComponent()
            // Inside an .xctest bundle on macOS the products are a few levels up.
            for _ in 0..<4 {
                directories.append(directory)
                directory = directory.deletingLastPathComponent()
            }
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        directories.append(packageRoot.appending(path: ".build/debug", directoryHint: .isDirectory))
        return directories
    }

    public struct MissingProduct: Error, CustomStringConvertible {
        public var name: String
        public var searched: [String]
        public var description: String {
            "executable '\(name)' not found (build it with `swift build --build-tests`); searched \(searched)"
        }
    }
}
