import Foundation
import ProcessTestSupport
import Testing
import Logging
import Updraft
@testable import UpdraftCLI
@testable import UpdraftDrawing

@Suite struct HTMLReportTests {
    private static let secret = "hunter2-secret"
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A run of `extract >> load` where load failed once, then succeeded; secrets in every text field.
    private func archive() -> RunArchive {
        let graph = DAGGraph(dagID: "etl", tasks: [
            .init(taskID: "extract", operatorName: "ClosureOperator", downstream: ["load"]),
            .init(taskID: "load", operatorName: "Op<T>", downstream: []),
        ])
        let run = DAGRunRecord(dagID: "etl", runID: "manual__x", logicalDate: start, state: .success,
                               startDate: start, endDate: start.addingTimeInterval(12),
                               params: ["token": .string(Self.secret)], note: "note \(Self.secret)")
        let extract = TaskInstanceRecord(
            taskID: "extract", state: .success, tryNumber: 1, maxTries: 1, startDate: start,
            endDate: start.addingTimeInterval(2),
            tries: [TryRecord(tryNumber: 1, startDate: start, endDate: start.addingTimeInterval(2), state: .success)])
        let load = TaskInstanceRecord(
            taskID: "load", state: .success, tryNumber: 2, maxTries: 2, startDate: start.addingTimeInterval(2),
            endDate: start.addingTimeInterval(12), error: nil,
            tries: [TryRecord(tryNumber: 1, startDate: start.addingTimeInterval(2), endDate: start.addingTimeInterval(4),
                              state: .upForRetry, error: "refused \(Self.secret)"),
                    TryRecord(tryNumber: 2, startDate: start.addingTimeInterval(9), endDate: start.addingTimeInterval(12),
                              state: .success)])
        return RunArchive(graph: graph, run: run, tasks: [
            .init(taskID: "extract", instance: extract, result: ["rows": 3, "key": .string(Self.secret)]),
            .init(taskID: "load", instance: load, result: nil),
        ])
    }

    /// The run's task logs, written as the engine writes them: extract's line is raw (a secret registered after
    /// the run, which the report masks anyway).
    private func logs() throws -> TaskLogDirectory {
        let directory = TaskLogDirectory(root: try BuildProducts.scratchDirectory())
        let logs = TaskLogStore(directory: directory, dagID: "etl", runID: "manual__x")
        logs.append(TaskLogLine(date: start, level: .info, message: "<script>alert(1)</script> \(Self.secret)"),
                    taskID: "extract", tryNumber: 1)
        logs.append(TaskLogLine(date: start, level: .error, message: "failed"), taskID: "load", tryNumber: 1)
        logs.append(TaskLogLine(date: start, level: .info, message: "ok"), taskID: "load", tryNumber: 2)
        #expect(logs.finishAll() == nil)
        return directory
    }

    private func masker() -> SecretMasker {
        let masker = SecretMasker()
        masker.register(Self.secret)
        return masker
    }

    @Test func escapesHTML() {
        #expect(HTMLText.escape("<a href=\"x\">Tom & Jerry's</a>")
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }

    @Test func reportHasGraphGanttLogsAndNoSecret() throws {
        let html = HTMLReport(archive: archive(), logs: try logs(), masker: masker()).render()
        #expect(!html.contains(Self.secret))
        #expect(html.contains("refused ***") && html.contains("note ***") && html.contains("&quot;key&quot; : &quot;***&quot;"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; ***"))
        #expect(html.contains("<svg class=\"graph\""))
        #expect(html.contains("<g class=\"node\" data-task=\"extract\""))
        #expect(html.contains("Op&lt;T&gt;"))
        #expect(html.contains("<svg class=\"gantt\""))
        #expect(html.contains("data-task=\"load\" data-try=\"1\""))
        #expect(html.contains("data-task=\"load\" data-try=\"2\""))
        #expect(html.contains("Log of try 2"))
        #expect(html.contains("<span class=\"level-error\">08:00:00.000 ERROR failed</span>"))
        #expect(HTMLReport(archive: archive(), logs: nil, masker: masker()).render().contains("Log of") == false)
        #expect(!html.contains("src=\"http") && !html.contains("<link"))
        #expect(html.components(separatedBy: "<script>").count == 2)
    }

    @Test func ganttPlacesTriesOnTheTimeAxis() {
        let gantt = GanttSVG(rows: [("load", archive().tasks[1].instance?.tries ?? [])], end: start)
        #expect(gantt.span.seconds == 10)
        let svg = gantt.render()
        // The second try starts 7 s into a 10 s span: 200 + 0.7 × 720.
        #expect(svg.contains("data-try=\"2\" x=\"704.0\""))
        #expect(svg.contains("+10.0s"))
    }

    @Test func graphEdgesJoinLayers() {
        let svg = GraphSVG(graph: archive().graph, states: ["extract": .success]).render()
        #expect(svg.contains("fill=\"\(StatePalette.colour(of: .success))\""))
        #expect(svg.contains("<path class=\"edge\" d=\"M 182 34 C 212 34, 212 34, 242 34\""))
    }

    @Test func archiveIsMaskedAndRoundTripsThroughItsDirectory() throws {
        let masked = archive().masked(by: masker())
        let directory = RunArchiveDirectory(root: try BuildProducts.scratchDirectory())
        let url = try directory.save(masked)
        #expect(url.path == directory.root.path + "/dag_id=etl/run_id=manual__x/run.json")
        #expect(!(try String(contentsOf: url, encoding: .utf8)).contains(Self.secret))
        let loaded = try directory.load(dagID: "etl", runID: nil)
        #expect(loaded == masked)
        #expect(throws: RunArchiveError.self) { try directory.load(dagID: "etl", runID: "other") }
        #expect(directory.savedRunIDs(dagID: "etl") == ["manual__x"])
        #expect(directory.contains(dagID: "etl", runID: "manual__x") && !directory.contains(dagID: "etl", runID: "y"))
    }
}
