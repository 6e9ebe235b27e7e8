import Foundation
import ProcessTestSupport
import Synchronization
import Updraft

/// Debian's Chromium, headless, driven over the DevTools protocol by `Clients/browser_driver.py`: open a page, run
/// an expression in it (a click, a form filled, a promise waiting for the page to change), save a screenshot. One
/// command at a time, each answered on the driver's standard output.
final class BrowserDriver: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "Clients/browser_driver.py").path

    private let process: ChildProcess
    private let lastID = Mutex(0)

    /// Starts Chromium with its profile and log in `scratch`.
    init(scratch: URL) throws {
        process = try ChildProcess("python3", [Self.script, scratch.path], keepsInputOpen: true)
    }

    /// Opens `url` and waits for its load event; returns the URL loaded (after redirects).
    func goto(_ url: String) async throws -> String {
        try await command("goto", url).stringValue ?? ""
    }

    /// Evaluates `expression` in the page, awaiting it when it is a promise; returns its value.
    func evaluate(_ expression: String) async throws -> JSONValue {
        try await command("eval", expression)
    }

    /// Evaluates `expression`, which submits a form, and waits for the next page's load; returns that page's URL.
    func submit(_ expression: String) async throws -> String {
        try await command("submit", expression).stringValue ?? ""
    }

    /// Saves a PNG of the whole page to `file`.
    func screenshot(to file: URL) async throws {
        _ = try await command("screenshot", file.path)
    }

    /// Closes Chromium and waits for the driver to end.
    func quit() async throws {
        try process.send(#"{"id": 0, "cmd": "quit"}"# + "\n")
        _ = try await process.exit()
    }

    private struct Answer: Decodable {
        var id: Int
        var ok: Bool
        var value: JSONValue?
        var error: String?
    }

    private func command(_ name: String, _ argument: String) async throws -> JSONValue {
        let id = lastID.withLock { id in
            id += 1
            return id
        }
        let line = try JSONSerialization.data(withJSONObject: ["id": id, "cmd": name, "arg": argument])
        try process.send(String(decoding: line, as: UTF8.self) + "\n")
        let prefix = "{\"id\": \(id), "
        guard await process.waitForOutput(containing: prefix, timeout: .seconds(90)),
              let answerLine = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            throw BrowserCheckError(description: "the browser driver did not answer \(name) \(argument.prefix(200)); "
                                    + "stdout: \(process.stdout.suffix(1_000))")
        }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(answerLine.utf8))
        guard answer.ok else {
            throw BrowserCheckError(description: "\(name) \(argument.prefix(200)): \(answer.error ?? "failed")")
        }
        return answer.value ?? .null
    }
}
