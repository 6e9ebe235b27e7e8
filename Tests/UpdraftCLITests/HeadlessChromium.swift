import Foundation
import ProcessTestSupport

/// Opens a local HTML file in Debian's Chromium, headless, cut off from the network: a fresh profile per call, no
/// first-run, background, component-update, sync or metrics traffic, and every host name unresolvable.
enum HeadlessChromium {
    /// The executable, installed by `scripts/install-deps.sh` (Debian package `chromium`).
    static let executable = "chromium"

    /// Chromium on 2 busy cores can take several seconds to start and render.
    static let timeout = Duration.seconds(60)

    /// The document's DOM once loaded and its scripts ran, serialised as HTML.
    static func dumpDOM(of page: URL, scratch: URL) async throws -> String {
        try await run(["--dump-dom"], page: page, scratch: scratch).stdout
    }

    /// A PNG screenshot of the page in a 1280 × 2000 window at 2 device pixels per CSS pixel, written to `file`
    /// (2560 × 4000 pixels): at that scale the narrowest Gantt bar (2 units, edged by a 0.5-unit stroke) keeps
    /// pixels of its pure fill colour whatever its sub-pixel position.
    static func screenshot(of page: URL, to file: URL, scratch: URL) async throws {
        try await run(["--screenshot=\(file.path)", "--window-size=1280,2000", "--hide-scrollbars",
                       "--force-device-scale-factor=2"], page: page, scratch: scratch)
    }

    @discardableResult
    private static func run(_ command: [String], page: URL, scratch: URL) async throws -> ChildProcess.Exit {
        let profile = scratch.appending(path: "chromium-profile-\(UUID().uuidString)", directoryHint: .isDirectory)
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        ] + command + [page.absoluteString]
        let exit = try await ChildProcess.run(executable, arguments, timeout: timeout)
        guard exit.status == 0 else {
            throw BrowserCheckError(description: """
                chromium \(command.joined(separator: " ")) exited with \(exit.status); \
                stderr: \(exit.stderr.suffix(2_000))
                """)
        }
        return exit
    }
}

/// Chromium or the screenshot analysis failed, with what they wrote.
struct BrowserCheckError: Error, CustomStringConvertible {
    var description: String
}
