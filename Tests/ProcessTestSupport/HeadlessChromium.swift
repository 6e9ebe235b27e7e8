public import Foundation

/// Opens a page (a local HTML file or a loopback URL) in Debian's Chromium, headless, cut off from the network: a fresh profile per call, no
/// first-run, background, component-update, sync or metrics traffic, and every host name unresolvable.
public enum HeadlessChromium {
    /// The executable, installed by `scripts/install-deps.sh` (Debian package `chromium`).
    public static let executable = "chromium"

    /// Chromium on 2 busy cores can take several seconds to start and render.
    public static let timeout = Duration.seconds(60)

    /// The document's DOM once loaded and its scripts ran, serialised as HTML. With `virtualTimeBudget`, Chromium
    /// lets the page's timers and network requests (an event stream included) run for that much virtual time,
    /// which does not advance while a request is in flight, before dumping.
    public static func dumpDOM(of page: URL, scratch: URL, virtualTimeBudget: Duration? = nil) async throws -> String {
        let budget = virtualTimeBudget.map { ["--virtual-time-budget=\($0.components.seconds * 1000)"] } ?? []
        return try await run(["--dump-dom"] + budget, page: page, scratch: scratch).stdout
    }

    /// A PNG screenshot of the page in a 1280 × 2000 window at 2 device pixels per CSS pixel, written to `file`
    /// (2560 × 4000 pixels): at that scale the narrowest Gantt bar (2 units, edged by a 0.5-unit stroke) keeps
    /// pixels of its pure fill colour whatever its sub-pixel position.
    public static func screenshot(of page: URL, to file: URL, scratch: URL) async throws {
        try await run(["--screenshot=\(file.path)", "--window-size=1280,2000", "--hide-scrollbars",
                       "--force-device-scale-factor=2"], page: page, scratch: scratch)
    }

    @discardableResult
    private static func run(_ command: [String], page: URL, scratch: URL) async throws -> ChildProcess.Exit {
        let profile = scratch.appending(path: "chromium-profile-\(UUID().uuidString)", directoryHint: .isDirectory)
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
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
public struct BrowserCheckError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
