import Foundation

/// What `updraft-sandbox` writes to `<state-dir>/sandbox.json`: where each running stand-in can be reached, so
/// the demo and tests started separately find them.
public struct SandboxManifest: Sendable, Codable, Equatable {
    /// The running stand-ins by service name (`"talend"`, `"smtp"`, `"kubernetes"`).
    public var services: [String: SandboxServiceEndpoint]

    /// Creates a manifest.
    public init(services: [String: SandboxServiceEndpoint] = [:]) {
        self.services = services
    }

    /// The file name inside the state directory.
    public static let fileName = "sandbox.json"

    /// Writes the manifest as pretty-printed JSON to `<stateDirectory>/sandbox.json` (atomically).
    /// - Throws: Foundation's error when the directory or file cannot be written.
    public func write(toStateDirectory stateDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let file = URL(fileURLWithPath: stateDirectory).appendingPathComponent(Self.fileName)
        try encoder.encode(self).write(to: file, options: .atomic)
    }

    /// Reads `<stateDirectory>/sandbox.json`.
    /// - Throws: Foundation's error when the file is missing or not a manifest.
    public static func read(fromStateDirectory stateDirectory: String) throws -> SandboxManifest {
        let file = URL(fileURLWithPath: stateDirectory).appendingPathComponent(fileName)
        return try JSONDecoder().decode(SandboxManifest.self, from: Data(contentsOf: file))
    }
}

/// How to reach one running stand-in.
public struct SandboxServiceEndpoint: Sendable, Codable, Equatable {
    /// The address it listens on (loopback).
    public var host: String
    /// The port it listens on.
    public var port: Int
    /// Its base URL, for HTTP services.
    public var baseURL: String?
    /// Service-specific settings: `token` (Talend), `mailDirectory` (SMTP), `kubeconfig` (Kubernetes), …
    public var settings: [String: String]

    /// Creates an endpoint description.
    public init(host: String, port: Int, baseURL: String? = nil, settings: [String: String] = [:]) {
        self.host = host
        self.port = port
        self.baseURL = baseURL
        self.settings = settings
    }
}
