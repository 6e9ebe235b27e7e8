import Foundation

/// Where the deployment example and the sources it is checked against live, relative to this file.
enum DeploymentFiles {
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let deployment = repository.appendingPathComponent("Examples/Deployment")
    static let manifests = deployment.appendingPathComponent("kubernetes")
    static let dockerfile = deployment.appendingPathComponent("Dockerfile")

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    static func text(relative path: String) throws -> String { try text(repository.appendingPathComponent(path)) }

    /// The manifest files, in the order `kubectl apply -f` takes them (by name).
    static func manifestFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: manifests, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
