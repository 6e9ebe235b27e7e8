import Foundation

/// What `updraft-sandbox` writes to `<state-dir>/sandbox.json` (and, as shell exports, `<state-dir>/sandbox.env`):
/// where each running stand-in can be reached and the environment that points DAGs at them, so a demo or a test
/// started separately finds them.
public struct SandboxManifest: Sendable, Codable, Equatable {
    /// The running stand-ins by service name (`"talend"`, `"smtp"`, `"kubernetes"`).
    public var services: [String: SandboxServiceEndpoint]
    /// Every service's ``SandboxServiceEndpoint/environment`` in one map: what `sandbox.env` exports.
    public var environment: [String: String]
    /// The sandbox CA (PEM file) that TLS services' certificates chain to, if any service speaks TLS.
    public var caCertificateFile: String?
    /// The process serving the stand-ins (send it SIGINT or SIGTERM to stop them), when it wrote the manifest.
    public var processID: Int32?

    /// Creates a manifest.
    /// - Parameters:
    ///   - services: The endpoints by service name.
    ///   - environment: The merged environment of all services.
    ///   - caCertificateFile: The sandbox CA, when a service uses TLS.
    ///   - processID: The serving process.
    public init(
        services: [String: SandboxServiceEndpoint] = [:], environment: [String: String] = [:],
        caCertificateFile: String? = nil, processID: Int32? = nil
    ) {
        self.services = services
        self.environment = environment
        self.caCertificateFile = caCertificateFile
        self.processID = processID
    }

    /// The manifest's file name inside the state directory.
    public static let fileName = "sandbox.json"
    /// The file name of the shell script exporting ``environment`` (`source <state-dir>/sandbox.env`).
    public static let environmentFileName = "sandbox.env"

    /// Adds a started service: its endpoint under `name`, its environment and its CA.
    public mutating func add(_ endpoint: SandboxServiceEndpoint, as name: String) {
        services[name] = endpoint
        environment.merge(endpoint.environment) { _, new in new }
        caCertificateFile = caCertificateFile ?? endpoint.caCertificateFile
    }

    /// The `export NAME='value'` lines of ``environment``, sorted by name, values single-quoted for POSIX shells.
    public var shellExports: String {
        environment.sorted { $0.key < $1.key }.map { name, value in
            "export \(name)='\(value.replacingOccurrences(of: "'", with: #"'\''"#))'\n"
        }.joined()
    }

    /// Writes `sandbox.json` (pretty-printed) and `sandbox.env` into `stateDirectory`, each atomically and readable
    /// by the owner only (they hold the sandbox's throwaway tokens and passwords).
    /// - Throws: Foundation's error when the directory or a file cannot be written.
    public func write(toStateDirectory stateDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let directory = URL(fileURLWithPath: stateDirectory)
        for (name, contents) in [
            (Self.fileName, try encoder.encode(self)), (Self.environmentFileName, Data(shellExports.utf8)),
        ] {
            let file = directory.appendingPathComponent(name)
            try contents.write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
    }

    /// Removes `sandbox.json` and `sandbox.env` from `stateDirectory` (when the sandbox stops, so nothing points at
    /// closed ports). Best effort: a file that is missing or cannot be removed is left as it is.
    public static func remove(fromStateDirectory stateDirectory: String) {
        let directory = URL(fileURLWithPath: stateDirectory)
        for name in [fileName, environmentFileName] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// Reads `<stateDirectory>/sandbox.json`.
    /// - Throws: Foundation's error when the file is missing or not a manifest.
    public static func read(fromStateDirectory stateDirectory: String) throws -> SandboxManifest {
        let file = URL(fileURLWithPath: stateDirectory).appendingPathComponent(fileName)
        return try JSONDecoder().decode(SandboxManifest.self, from: Data(contentsOf: file))
    }
}
