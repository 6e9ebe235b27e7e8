import Foundation
import Logging
import ProcessTestSupport
import Testing
import Updraft
import UpdraftWeb

/// The pages in Debian's Chromium, headless: their script runs under the Content-Security-Policy without errors,
/// hostile text stays text, and a running try's log arrives over the event stream and stops when the try ends.
@Suite(.serialized) struct PagesInBrowserTests {
    @Test(.timeLimit(.minutes(3))) func pagesRunTheirScriptAndKeepHostileTextInert() async throws {
        let scratch = try WebPagesTests.scratch()
        try await WebServerTests.serving([try WebPagesTests.hostileDAG()], logDirectory: scratch) { base, store in
            #expect(try await WebPagesTests.runToEnd(base, dagID: "hostile_dag", runID: "run-1", store: store) == .failed)
            for path in ["/dags", "/dags/hostile_dag/grid", "/dags/hostile_dag/runs/run-1",
                         "/dags/hostile_dag/runs/run-1/tasks/extract"] {
                let dom = try await HeadlessChromium.dumpDOM(of: try #require(URL(string: base + path)), scratch: scratch)
                #expect(dom.contains(#"data-script-ready="true""#) && dom.contains(#"data-script-errors="0""#),
                        "\(path): \(dom.prefix(600))")
                #expect(!dom.contains("<script>alert") && !dom.contains("<img src=\"x\""), "\(path) ran hostile text")
            }
            let grid = try await HeadlessChromium.dumpDOM(of: try #require(URL(string: base + "/dags/hostile_dag/grid")),
                                                          scratch: scratch)
            #expect(grid.components(separatedBy: "class=\"sq\"").count > 3, "the grid's squares are in the DOM")
        }
    }

    @Test(.timeLimit(.minutes(3))) func theLogOfARunningTryArrivesLiveInTheBrowser() async throws {
        let scratch = try WebPagesTests.scratch()
        let scenario = try LiveLogScenario(secondLine: "second line <b>bold</b>")
        try await scenario.serve(logDirectory: scratch) { base in
            let page = try #require(URL(string: base + LiveLogScenario.taskPage))
            // Virtual time stands still while the event stream is open, so Chromium dumps the DOM once the stream
            // has ended; the try is let go once the page follows its log.
            let text = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await HeadlessChromium.dumpDOM(of: page, scratch: scratch, virtualTimeBudget: .seconds(5)) }
                group.addTask {
                    await scenario.releaseWhenFollowed()  // or cancelled, once Chromium is done without following
                    return nil
                }
                var dom = ""
                for try await result in group {
                    guard let result else { continue }
                    dom = result
                    group.cancelAll()
                }
                return dom
            }
            #expect(text.contains(#"data-log-live="true""#) && text.contains(#"data-log-state="ended:success""#),
                    "\(text.suffix(1_500))")
            #expect(text.contains("first line") && text.contains("second line &lt;b&gt;bold&lt;/b&gt;"),
                    "\(text.suffix(1_500))")
        }
    }
}
