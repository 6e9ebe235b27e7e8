import Foundation

/// The executables of this package built next to the test bundle (`.build/debug`), and scratch directories for
/// the replicas the tests start.
enum ReplicaProducts {
    /// The executable `name`, built by `swift build --build-tests` (which `swift test` does first).
    static func executable(_ name: String) throws -> URL {
        let candidates = searchDirectories.map { $0.appending(path: name, directoryHint: .notDirectory) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ReplicaTestError("executable '\(name)' not found (build it with `swift build --build-tests`); "
                                   + "searched \(searchDirectories.map(\.path))")
        }
        return found
    }

    /// A fresh empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appending(path: "updraft-replica-tests-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static var searchDirectories: [URL] {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL {
            var directory = executable.deletingLastPathComponent()
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
}

/// A replica test's own failure, with what it saw.
struct ReplicaTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
