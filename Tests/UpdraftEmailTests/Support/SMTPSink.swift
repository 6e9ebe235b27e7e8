import Foundation
import ProcessTestSupport
import UpdraftCurl
import UpdraftEmail

/// An aiosmtpd server (`Servers/smtp_sink.py`) on 127.0.0.1, port 0, owned by one test: it writes each message it
/// accepts to its own temporary directory, decoded by Python's `email` parser, and announces it with a
/// `MESSAGE <dir>` line the test waits for. The script exits when its stdin closes, so it cannot outlive the
/// test process.
final class SMTPSink: Sendable {
    enum Mode: String { case plain, starttls, implicit }

    /// A message as the sink received and parsed it.
    struct Delivered: Decodable {
        struct Attachment: Decodable {
            let filename: String?
            let content_type: String
            let content_id: String?
            let path: String
        }

        let mail_from: String
        let rcpt_tos: [String]
        let headers: [[String]]
        let content_type: String
        let parts: [String]
        let defects: [String]
        let attachments: [Attachment]
        let plain: String?
        let html: String?
        let charset_html: String?
        let authenticated: Bool
        let tls: Bool
        let directory: String

        /// The decoded values of header `name` (case-insensitive).
        func header(_ name: String) -> [String] {
            headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        }

        /// The header block as received.
        var rawHeaders: String { String(raw[..<(raw.range(of: "\r\n\r\n")?.lowerBound ?? raw.endIndex)]) }

        /// The message bytes as received after DATA.
        var raw: String { (try? String(contentsOfFile: directory + "/message.eml", encoding: .utf8)) ?? "" }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let password = "sink-password-\(UUID().uuidString.prefix(8))"

    let mode: Mode
    private let server: ScriptServer
    private let directory: String
    var port: Int { server.port }
    var output: LineInbox { server.output }

    /// Starts a sink; with `auth`, AUTH is required with user `updraft` and ``password``.
    static func start(_ mode: Mode = .plain, auth: Bool = false) async throws -> SMTPSink {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-email-sink-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/smtp_sink.py").path
        var arguments = ["--mode", mode.rawValue, "--outdir", directory]
        if mode != .plain {
            let certificate = try TestCertificate.shared()
            arguments += ["--cert", certificate.certificateFile, "--key", certificate.keyFile]
        }
        if auth { arguments += ["--password", password] }
        let server = try await ScriptServer.start(script: script, arguments: arguments)
        return SMTPSink(server: server, mode: mode, directory: directory)
    }

    private init(server: ScriptServer, mode: Mode, directory: String) {
        self.server = server
        self.mode = mode
        self.directory = directory
    }

    /// Settings that reach this sink: its encryption, trusting the test certificate, and the login when `auth`.
    func settings(auth: Bool = false, password: String = SMTPSink.password) throws -> SMTPSettings {
        var tls = TLSConfiguration.default
        if mode != .plain { tls.trustRoots = .file(try TestCertificate.shared().certificateFile) }
        return SMTPSettings(
            host: "127.0.0.1", port: port, login: auth ? "updraft" : nil, password: auth ? password : nil,
            fromEmail: "Updraft <updraft@example.com>", timeout: .seconds(20), retryLimit: 3,
            implicitTLS: mode == .implicit, startTLS: mode == .starttls, tls: tls)
    }

    /// The `number`th message this sink accepted (1-based), waiting for it up to 30 seconds.
    func message(_ number: Int = 1) async throws -> Delivered {
        let prefix = "MESSAGE \(directory)/\(number)"
        guard let line = await output.firstLine(where: { $0 == prefix }) else {
            throw Failure(description: "no message \(number) arrived; server said: \(output.lines)")
        }
        let messageDirectory = String(line.dropFirst("MESSAGE ".count))
        var summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: messageDirectory + "/summary.json"))) as? [String: Any] ?? [:]
        summary["directory"] = messageDirectory
        return try JSONDecoder().decode(
            Delivered.self, from: JSONSerialization.data(withJSONObject: summary))
    }

    /// How many messages the sink accepted so far.
    var messageCount: Int { output.lines.filter { $0.hasPrefix("MESSAGE ") }.count }

    /// Closes the script's stdin, which makes it exit (SIGTERM is not used: the test runner's children may
    /// inherit a signal mask that blocks it), and waits for it.
    func stop() {
        server.stopNow()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
