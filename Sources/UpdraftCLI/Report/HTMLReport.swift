import Foundation
import Logging
public import Updraft
import UpdraftDrawing

/// A run report as one self-contained HTML file (inline CSS, JavaScript and SVG, nothing fetched): the graph
/// coloured by state, a Gantt chart of tries, and each task's log, result and error.
///
/// Everything shown passes through the masker given, on top of the masking done when the run was archived and
/// when its log lines were written.
public struct HTMLReport: Sendable {
    /// The run, masked.
    public let archive: RunArchive
    /// Where the task logs of the run are read from (nil: a report without logs).
    public let logs: TaskLogDirectory?

    private let masker: SecretMasker
    private let operatorNames: [String: String]

    /// A report of `archive` with the task logs found in `logs`, masked by `masker`.
    public init(archive: RunArchive, logs: TaskLogDirectory?, masker: SecretMasker) {
        self.archive = archive.masked(by: masker)
        self.logs = logs
        self.masker = masker
        self.operatorNames = Dictionary(archive.graph.tasks.map { ($0.taskID, $0.operatorName) },
                                        uniquingKeysWith: { first, _ in first })
    }

    /// The HTML document.
    public func render() -> String {
        let run = archive.run
        let states = Dictionary(archive.tasks.compactMap { entry in entry.instance.map { (entry.taskID, $0.state) } },
                                uniquingKeysWith: { first, _ in first })
        let title = "\(run.dagID) · \(run.runID)"
        let gantt = GanttSVG(rows: archive.tasks.compactMap { entry in
            guard let tries = entry.instance?.tries, !tries.isEmpty else { return nil }
            return (entry.taskID, tries)
        }, end: run.endDate ?? run.startDate ?? run.logicalDate)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header><h1>\(HTMLText.escape(run.dagID))</h1>
            <span class="badge" style="background:\(Self.runColour(run.state))">\(run.state.rawValue)</span></header>
            \(summary)
            <h2>Graph</h2>
            <div class="scroll">\(GraphSVG(graph: archive.graph, states: states).render())</div>
            \(legend)
            <h2>Tries</h2>
            <div class="scroll">\(gantt.rows.isEmpty ? "<p>No task ran.</p>" : gantt.render())</div>
            <h2>Tasks</h2>
            \(archive.tasks.map(taskSection).joined(separator: "\n"))
            <script>\(Self.script)</script>
            </body>
            </html>

            """
    }

    private var summary: String {
        let run = archive.run
        var rows: [(String, String)] = [("Run id", run.runID), ("Logical date", Self.date(run.logicalDate))]
        if let start = run.startDate { rows.append(("Started", Self.date(start))) }
        if let end = run.endDate { rows.append(("Ended", Self.date(end))) }
        if let start = run.startDate, let end = run.endDate {
            rows.append(("Duration", DurationText.format(end.timeIntervalSince(start))))
        }
        if !run.params.isEmpty { rows.append(("Params", JSONValue.object(run.params).jsonText)) }
        if let note = run.note { rows.append(("Note", note)) }
        let cells = rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>" }
        return "<table class=\"summary\">\(cells.joined())</table>"
    }

    private var legend: String {
        let states: [TaskInstanceState] = [.success, .failed, .upForRetry, .upstreamFailed, .skipped, .running, .pending]
        let items = states.map {
            "<span><i style=\"background:\(StatePalette.colour(of: $0))\"></i>\($0 == .pending ? "not run" : $0.rawValue)</span>"
        }
        return "<p class=\"legend\">\(items.joined(separator: " "))</p>"
    }

    private func taskSection(_ entry: RunArchive.TaskEntry) -> String {
        let state = entry.instance?.state
        let id = HTMLText.escape(entry.taskID)
        let operatorName = operatorNames[entry.taskID] ?? ""
        var body: [String] = []
        if let instance = entry.instance {
            var facts = "try \(instance.tryNumber) of \(instance.maxTries)"
            if let duration = instance.duration { facts += " · \(DurationText.format(duration))" }
            body.append("<p>\(HTMLText.escape(facts))</p>")
            if let error = instance.error { body.append("<h4>Error</h4><pre class=\"error\">\(HTMLText.escape(error))</pre>") }
        }
        if let result = entry.result {
            body.append("<h4>Result</h4><pre>\(HTMLText.escape(Self.pretty(result)))</pre>")
        }
        body += logSections(of: entry.taskID)
        if body.isEmpty { body.append("<p>Not run.</p>") }
        return """
            <details class="task" id="task-\(id)"\(state == .failed ? " open" : "")>\
            <summary><i style="background:\(StatePalette.colour(of: state))"></i><b>\(id)</b> \
            <span class="op">\(HTMLText.escape(operatorName))</span> \
            <span class="state">\(HTMLText.escape(state?.rawValue ?? "not run"))</span></summary>
            \(body.joined(separator: "\n"))
            </details>
            """
    }

    /// One section per try with a log file; an unreadable file says so instead of failing the report.
    private func logSections(of taskID: String) -> [String] {
        guard let logs else { return [] }
        let run = archive.run
        return logs.tryNumbers(dagID: run.dagID, runID: run.runID, taskID: taskID).map { tryNumber in
            let text: String
            do {
                text = try logs.lines(dagID: run.dagID, runID: run.runID, taskID: taskID, tryNumber: tryNumber)
                    .map { line in
                        "<span class=\"level-\(line.level.rawValue)\">\(HTMLText.escape(DurationText.timeOfDay(line.date))) "
                            + "\(HTMLText.escape(line.level.rawValue.uppercased())) "
                            + "\(HTMLText.escape(masker.mask(line.message)))</span>"
                    }.joined(separator: "\n")
            } catch {
                text = HTMLText.escape("the log could not be read: \(masker.mask(String(describing: error)))")
            }
            return "<h4>Log of try \(tryNumber)</h4><pre class=\"log\">\(text)</pre>"
        }
    }

    private static func runColour(_ state: DAGRunState) -> String {
        switch state {
        case .success: StatePalette.colour(of: .success)
        case .failed: StatePalette.colour(of: .failed)
        case .running: StatePalette.colour(of: .running)
        case .queued: StatePalette.colour(of: .queued)
        }
    }

    private static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return value.jsonText }
        return String(decoding: data, as: UTF8.self)
    }

    private static func date(_ date: Date) -> String { date.formatted(.iso8601) }


    private static let style = """
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1a1a1a}
        header{display:flex;align-items:center;gap:12px}h1{margin:0;font-size:24px}
        .badge{color:#fff;border-radius:10px;padding:2px 10px;font-weight:bold}
        .summary th{text-align:left;padding-right:16px;color:#555}.summary td{font-family:monospace}
        .scroll{overflow-x:auto;border:1px solid #eee;padding:6px}
        .graph text,.gantt text{font-family:Helvetica,Arial,sans-serif;font-size:13px}
        .node{cursor:pointer}.try{cursor:pointer}
        .legend span{margin-right:12px}i{display:inline-block;width:12px;height:12px;margin-right:4px;
        border:1px solid #888;vertical-align:middle}
        details.task{border:1px solid #ddd;border-radius:6px;margin:6px 0;padding:6px 10px}
        details.task summary{cursor:pointer}.op{color:#666}.state{float:right;font-family:monospace}
        pre{background:#f7f7f7;padding:8px;overflow-x:auto;white-space:pre-wrap}pre.error{background:#fdecec}
        .level-warning{color:#a15c00}.level-error,.level-critical{color:#b00020}.flash{outline:3px solid #1c7ed6}
        """

    /// Clicking a box of the graph or a bar of the Gantt chart opens that task's details.
    ///
    /// The script also leaves its health on `<body>`, so a headless browser's DOM dump shows it: script errors
    /// counted in `data-script-errors` (the last one in `data-script-error`) and `data-script-ready` once the whole
    /// script ran (absent when the script failed to parse or threw).
    private static let script = ScriptHealth.javascript + """
        document.querySelectorAll('[data-task]').forEach(function (element) {
          element.addEventListener('click', function () {
            var details = document.getElementById('task-' + element.getAttribute('data-task'));
            if (!details) { return; }
            details.open = true;
            details.scrollIntoView({behavior: 'smooth', block: 'start'});
            details.classList.add('flash');
            setTimeout(function () { details.classList.remove('flash'); }, 1200);
          });
        });
        document.body.setAttribute('data-script-ready', 'true');
        """
}
