import Foundation
import ProcessTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs the HelloDAG example executable as a process, as a user would.
@Suite struct HelloDAGProcessTests {
    private func hello(_ arguments: [String]) async throws -> (ChildProcess.Exit, URL) {
        let directory = try BuildProducts.scratchDirectory()
        let exit = try await ChildProcess.run(try BuildProducts.executable("HelloDAG"), arguments, in: directory)
        return (exit, directory)
    }

    @Test func runSucceedsWithRetryAndBranchAndWritesArchiveAndReport() async throws {
        let (exit, directory) = try await hello(["run", "--report", "out/report.html"])
        #expect(exit.status == 0, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stdout.contains("hottest: up_for_retry (try 1)"))
        #expect(exit.stdout.contains("hottest: success (try 2)"))
        #expect(exit.stdout.contains("full_report: skipped"))
        #expect(exit.stdout.contains("[extract] reading 3 cities"))
        #expect(exit.stdout.contains("[hottest] WARNING the source answered 503 on try 1"))
        #expect(exit.stdout.contains("success in"))
        let report = try String(contentsOf: directory.appending(path: "out/report.html"), encoding: .utf8)
        #expect(report.hasPrefix("<!DOCTYPE html>"))
        #expect(report.contains("<svg class=\"graph\""))
        #expect(report.contains("<svg class=\"gantt\""))
        #expect(report.contains("data-task=\"hottest\" data-try=\"2\""))
        #expect(report.hasSuffix("</html>\n"))
        let drawings = Self.svgElements(in: report)
        #expect(drawings.count == 2)
        for svg in drawings { #expect(XMLParser(data: Data(svg.utf8)).parse(), "well-formed SVG: \(svg.prefix(200))") }
        for fetch in ["<link", "src=", "@import", "url(http", "fetch("] {
            #expect(!report.contains(fetch), "the report must not load anything: \(fetch)")
        }
        let runs = try FileManager.default.contentsOfDirectory(
            atPath: directory.appending(path: ".updraft/runs/dag_id=hello_updraft").path)
        #expect(runs.count == 1 && runs[0].hasPrefix("run_id=manual__"), "\(runs)")
        let run = directory.appending(path: ".updraft/runs/dag_id=hello_updraft/\(runs[0])")
        #expect(FileManager.default.fileExists(atPath: run.appending(path: "run.json").path))
        // Each try's log in Airflow's layout, read back by the report.
        let retried = try String(contentsOf: run.appending(path: "task_id=hottest/attempt=1.log"), encoding: .utf8)
        #expect(retried.contains(#""level":"warning","event":"the source answered 503 on try 1""#))
        #expect(FileManager.default.fileExists(atPath: run.appending(path: "task_id=extract/attempt=1.log").path))
        #expect(report.contains("WARNING the source answered 503 on try 1"))
    }

    /// Every `<svg>…</svg>` element of an HTML document.
    private static func svgElements(in html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { part in
            part.range(of: "</svg>").map { "<svg " + part[..<$0.upperBound] }
        }
    }

    @Test func paramsTakeTheOtherBranchAndReportRendersTheSavedRun() async throws {
        let (exit, directory) = try await hello([
            "--param", "full_report=true", "--param", "cities=[\"Quito\"]", "--run-id", "custom_run",
            "--logical-date", "2026-01-31",
        ])
        #expect(exit.status == 0, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stdout.contains("full_report: success"))
        #expect(exit.stdout.contains("short_report: skipped"))
        #expect(exit.stdout.contains("[extract] reading 1 cities"))
        #expect(exit.stdout.contains("run custom_run success"))
        let report = try await ChildProcess.run(try BuildProducts.executable("HelloDAG"),
                                                ["report", "custom_run", "--output", "custom.html"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: directory.appending(path: "custom.html"), encoding: .utf8)
        #expect(html.contains("custom_run"))
        #expect(html.contains("full report of 1 rows"))
        #expect(html.contains("INFO reading 1 cities"), "the log, read from the run's files")
        let again = try await ChildProcess.run(try BuildProducts.executable("HelloDAG"),
                                               ["--run-id", "custom_run"], in: directory)
        #expect(again.status == 64, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stderr.contains("run 'custom_run' of DAG 'hello_updraft' already exists"))
        let missing = try await ChildProcess.run(try BuildProducts.executable("HelloDAG"), ["report", "nope"],
                                                 in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no saved run 'nope'") && missing.stderr.contains("custom_run"))
    }

    @Test(arguments: [
        ("text", ["DAG hello_updraft (8 tasks)", "layer 0", "  extract [ClosureOperator] >> to_fahrenheit, hottest",
                  "  choose_report [BranchOperator] >> full_report, short_report"]),
        ("dot", ["digraph \"hello_updraft\" {", "\"extract\" -> \"to_fahrenheit\";", "\"load\" -> \"choose_report\";",
                 "\"notify\" [label=\"notify\\nClosureOperator\"];"]),
        ("mermaid", ["flowchart LR", "t0[\"extract<br/><small>ClosureOperator</small>\"]", "t0 --> t1", "t0 --> t2",
                     "t6 --> t7"]),
    ])
    func showPrintsTheGraph(format: String, expected: [String]) async throws {
        let (exit, _) = try await hello(["show", "--format", format])
        #expect(exit.status == 0, "\(exit.stderr)")
        for line in expected { #expect(exit.stdout.contains(line), "\(line) in \(exit.stdout)") }
    }

    @Test func testRunsOneTaskAloneAndListShowsOptions() async throws {
        let (test, _) = try await hello(["test", "extract", "--param", "cities=[\"Rome\"]"])
        #expect(test.status == 0, "\(test.stdout)\n\(test.stderr)")
        #expect(test.stdout.contains("result: [{\"celsius\":8,\"city\":\"Rome\"}]"))
        #expect(test.stdout.contains("task extract: success"))
        #expect(!test.stdout.contains("to_fahrenheit"))
        let (list, _) = try await hello(["list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("DAG hello_updraft — Closure tasks, XCom, a retry and a branch"))
        let hottest = try #require(list.stdout.split(separator: "\n").first { $0.contains("  hottest ") })
        for field in ["ClosureOperator", " 2 ", "1.0s", "all_success", "default_pool", "data-team", "extract"] {
            #expect(hottest.contains(field), "\(field) in \(hottest)")
        }
        #expect(list.stdout.contains("none_failed_min_one_success"))
    }

    @Test(arguments: [
        (["test", "nope"], "DAG 'hello_updraft' has no task 'nope'; its tasks: extract, to_fahrenheit"),
        (["run", "--param", "novalue"], "expected key=value, got 'novalue'"),
        (["run", "--logical-date", "yesterday"], "expected an ISO 8601 date"),
        (["run", "--logical-date", "2026-02-30"], "'2026-02-30' is not a date that exists"),
        (["run", "--logical-date", "2026-01-31T24:00:00Z"], "'2026-01-31T24:00:00Z' is not a date that exists"),
        (["run", "--run-id", ""], "a run id cannot be empty"),
        (["run", "--run-id", "nightly/2026"], "run id 'nightly/2026' contains '/'"),
        (["run", "--run-id", "runé"], "run id 'runé' contains 'é'"),
        (["show", "--format", "png"], "unknown format 'png'; formats: text, dot, mermaid"),
        (["list", "--dag", "other"], "unknown DAG 'other'; DAGs: hello_updraft"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func badArgumentsGiveAMessageAndUsage(arguments: [String], message: String) async throws {
        let (exit, _) = try await hello(arguments)
        #expect(exit.status == 64, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stderr.contains(message), "\(exit.stderr)")
        #expect(exit.stderr.contains("Usage:"))
        #expect(!exit.stderr.contains("Fatal error") && !exit.stderr.contains("Stack dump"))
    }
}
