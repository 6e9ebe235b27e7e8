import Foundation
import ProcessTestSupport

/// The Python servers of `Servers/` (HTTP, TLS, ALPN probe, SMTP), started for the transport tests.
typealias TestServer = ScriptServer

extension ScriptServer {
    /// Starts `Servers/<script>` with `arguments`.
    static func fromServers(_ script: String, arguments: [String] = []) async throws -> ScriptServer {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/\(script)").path
        return try await ScriptServer.start(script: path, arguments: arguments)
    }
}
