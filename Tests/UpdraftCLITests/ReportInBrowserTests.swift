import Foundation
import ProcessTestSupport
import Testing

/// Opens the HTML run reports of real runs in headless Chromium, as a user would: the graph and the Gantt chart
/// render in the state colours, and the report's script runs to its end without an error.
@Suite struct ReportInBrowserTests {
    /// `StatePalette`'s colours (Sources/UpdraftCLI/Report/StatePalette.swift) of the states these runs reach.
    private static let success = "#2e9e44", failed = "#d62828", upForRetry = "#f2b705", skipped = "#e0a3f0"
    /// In screenshot pixels (2 per unit): a graph box is 170 × 44 units, a Gantt bar 18 units high; their edges are
    /// anti-aliased and stroked, the legend's swatches are 12 units and the run's badge about 22. A box may be cut
    /// at the right by the graph's scroll box (HelloDAG's 6 layers are wider than a 1280-pixel window).
    private static let graphBoxWidth = 100...342, graphBoxHeight = 82...90, ganttBarHeight = 30...38

    /// Runs `executable` with `arguments` and `--report`, expecting `status`; returns the report.
    private func report(_ executable: String, _ arguments: [String], status: Int32, in directory: URL) async throws
        -> URL {
        let exit = try await ChildProcess.run(try BuildProducts.executable(executable),
                                              arguments + ["--report", "report.html"], in: directory)
        #expect(exit.status == status, "\(exit.stdout)\n\(exit.stderr)")
        let report = directory.appending(path: "report.html")
        try #require(FileManager.default.fileExists(atPath: report.path), "no report: \(exit.stdout)")
        return report
    }

    /// The DOM after load shows the drawings' nodes and a script that ran to its end with no error.
    private func expectScriptRanCleanly(_ dom: String, nodes: Int, tries: Int) {
        #expect(dom.contains("data-script-ready=\"true\""), "the report's script did not finish")
        #expect(dom.contains("data-script-errors=\"0\""), "script errors: \(Self.bodyTag(of: dom))")
        #expect(dom.components(separatedBy: "<svg class=\"graph\"").count == 2)
        #expect(dom.components(separatedBy: "<g class=\"node\"").count == nodes + 1)
        #expect(dom.components(separatedBy: "<svg class=\"gantt\"").count == 2)
        #expect(dom.components(separatedBy: "<rect class=\"try\"").count == tries + 1)
    }

    private static func bodyTag(of dom: String) -> String {
        guard let start = dom.range(of: "<body") else { return "no <body> in the DOM" }
        return String(dom[start.lowerBound...].prefix { $0 != ">" }) + ">"
    }

    private func screenshot(_ report: URL, in directory: URL) async throws -> ScreenshotAnalysis {
        let png = directory.appending(path: "report.png")
        try await HeadlessChromium.screenshot(of: report, to: png, scratch: directory)
        let analysis = try await ScreenshotAnalysis.analyse(
            png, colours: [Self.success, Self.failed, Self.upForRetry, Self.skipped])
        #expect(analysis.width == 2560 && analysis.height == 4000)
        #expect(analysis.distinctColours > 20, "a blank screenshot")
        #expect(analysis.inkedPixels > 80_000, "a nearly blank screenshot")
        return analysis
    }

    private func graphBoxes(_ analysis: ScreenshotAnalysis, _ colour: String) -> Int {
        analysis.regions(of: colour, width: Self.graphBoxWidth, height: Self.graphBoxHeight).count
    }

    private func ganttBars(_ analysis: ScreenshotAnalysis, _ colour: String) -> Int {
        analysis.regions(of: colour, height: Self.ganttBarHeight).count
    }

    @Test func successfulRunReportRendersGraphAndGanttWithoutScriptErrors() async throws {
        let directory = try BuildProducts.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await report("HelloDAG", ["run"], status: 0, in: directory)
        // 8 tasks; 8 tries: hottest fails once then succeeds, full_report is skipped by the branch.
        let dom = try await HeadlessChromium.dumpDOM(of: report, scratch: directory)
        expectScriptRanCleanly(dom, nodes: 8, tries: 8)
        let analysis = try await screenshot(report, in: directory)
        let shown = "\(analysis.regions)"
        #expect(graphBoxes(analysis, Self.success) == 7, "\(shown)")
        #expect(graphBoxes(analysis, Self.skipped) == 1, "\(shown)")
        #expect(ganttBars(analysis, Self.success) == 7, "\(shown)")
        #expect(ganttBars(analysis, Self.upForRetry) == 1, "\(shown)")
    }

    @Test func failedRunReportShowsTheFailureColours() async throws {
        let directory = try BuildProducts.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await report("updraft-cli-fixture", ["run", "--dag", "failing"], status: 1, in: directory)
        let dom = try await HeadlessChromium.dumpDOM(of: report, scratch: directory)
        expectScriptRanCleanly(dom, nodes: 2, tries: 2)
        let analysis = try await screenshot(report, in: directory)
        let shown = "\(analysis.regions)"
        #expect(graphBoxes(analysis, Self.success) == 1, "\(shown)")
        #expect(graphBoxes(analysis, Self.failed) == 1, "\(shown)")
        #expect(ganttBars(analysis, Self.success) == 1, "\(shown)")
        #expect(ganttBars(analysis, Self.failed) == 1, "\(shown)")
    }

    /// The check above would pass vacuously if the report's error hook recorded nothing: a throwing script added to
    /// a report must show up in the DOM.
    @Test func scriptErrorsShowInTheDOM() async throws {
        let directory = try BuildProducts.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await report("updraft-cli-fixture", ["run", "--dag", "failing"], status: 1, in: directory)
        let html = try String(contentsOf: report, encoding: .utf8)
            .replacingOccurrences(of: "</body>", with: "<script>null.boom();</script>\n</body>")
        let broken = directory.appending(path: "broken.html")
        try html.write(to: broken, atomically: true, encoding: .utf8)
        let dom = try await HeadlessChromium.dumpDOM(of: broken, scratch: directory)
        #expect(dom.contains("data-script-errors=\"1\""), "\(Self.bodyTag(of: dom))")
        #expect(dom.contains("TypeError"), "\(Self.bodyTag(of: dom))")
    }
}
