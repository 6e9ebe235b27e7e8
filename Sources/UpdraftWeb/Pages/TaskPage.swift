import Foundation
import Logging
import Updraft
import UpdraftDrawing

/// `/dags/{dag_id}/runs/{run_id}/tasks/{task_id}`: a task instance's tries (state, times, host, error, and the pod
/// or Talend execution each ran), its XCom values, each try's log — the running try's followed live over
/// server-sent events — and its actions (clear with or without downstream tasks, mark success or failed).
struct TaskPage: Sendable {
    /// One try's log: its lines when the try has ended, nil while it runs (the page follows it live).
    struct TryLog: Sendable {
        let tryNumber: Int
        let lines: [TaskLogLine]?
        let unreadable: String?
    }

    let run: DAGRunRecord
    let instance: TaskInstanceRecord
    let operatorName: String?
    let xcoms: [XComRecord]
    let logs: [TryLog]
    let logsKept: Bool
    let csrf: String
    let masker: SecretMasker

    func render() -> HTMLPage {
        let dag = PageText.segment(run.dagID), runSegment = PageText.segment(run.runID)
        let base = "/dags/\(dag)/runs/\(runSegment)/tasks/\(PageText.segment(instance.taskID))"
        return HTMLPage(title: "\(instance.taskID) · \(run.runID)",
                        crumbs: [(run.dagID, "/dags/\(dag)/grid"),
                                 (masker.mask(run.runID), "/dags/\(dag)/runs/\(runSegment)"),
                                 (masker.mask(instance.taskID), base)], body: """
            <h1>\(PageText.square(instance.state, label: instance.state.rawValue)) \
            \(PageText.h(masker.mask(instance.taskID)))</h1>
            <dl class="facts"><dt>State</dt><dd>\(instance.state.rawValue)</dd>\
            <dt>Operator</dt><dd>\(PageText.h(operatorName ?? ""))</dd>\
            <dt>Try</dt><dd>\(instance.tryNumber) of \(instance.maxTries)</dd>\
            <dt>Duration</dt><dd>\(PageText.duration(from: instance.startDate, to: instance.endDate))</dd></dl>
            \(actions(base: "/dags/\(dag)/runs/\(runSegment)"))
            <h2>Tries</h2>
            \(tries)
            <h2>XCom</h2>
            \(xcomTable)
            <h2>Logs</h2>
            \(logSections(base: base))
            """)
    }

    private func actions(base: String) -> String {
        let task = "<input type=\"hidden\" name=\"task_id\" value=\"\(PageText.h(instance.taskID))\">"
        let clear = PageText.form("\(base)/clear", csrf: csrf, button: "Clear", fields: task
            + "<label><input type=\"checkbox\" name=\"downstream\" checked> with downstream tasks</label>",
                                  confirm: "Clear this task so it runs again?")
        let success = PageText.form("\(base)/mark", csrf: csrf, button: "Mark success",
                                    fields: task + "<input type=\"hidden\" name=\"state\" value=\"success\">")
        let failed = PageText.form("\(base)/mark", csrf: csrf, button: "Mark failed",
                                   fields: task + "<input type=\"hidden\" name=\"state\" value=\"failed\">")
        return "<div class=\"actions\">\(clear)\(success)\(failed)</div>"
    }

    private var tries: String {
        guard !instance.tries.isEmpty else { return "<p class=\"muted\">Not started.</p>" }
        let rows = instance.tries.map { attempt in
            let handle = attempt.externalHandle.map { handle in
                let attributes = handle.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                return "\(handle.kind) \(handle.id)" + (attributes.isEmpty ? "" : " (\(attributes.joined(separator: ", ")))")
            } ?? ""
            return """
                <tr><td>\(attempt.tryNumber)</td><td>\(PageText.square(attempt.state, label: attempt.state.rawValue)) \
                \(attempt.state.rawValue)</td><td>\(PageText.date(attempt.startDate))</td>\
                <td>\(PageText.date(attempt.endDate))</td>\
                <td>\(PageText.duration(from: attempt.startDate, to: attempt.endDate))</td>\
                <td>\(PageText.h(masker.mask(attempt.hostname ?? "")))</td><td>\(PageText.h(masker.mask(handle)))</td>\
                <td class="error">\(PageText.h(masker.mask(attempt.error ?? "")))</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <table class="list tries"><thead><tr><th>Try</th><th>State</th><th>Started</th><th>Ended</th>\
            <th>Duration</th><th>Host</th><th>Ran as</th><th>Error</th></tr></thead><tbody>
            \(rows)
            </tbody></table>
            """
    }

    private var xcomTable: String {
        guard !xcoms.isEmpty else { return "<p class=\"muted\">No XCom value.</p>" }
        let rows = xcoms.map { record in
            "<tr><td>\(PageText.h(masker.mask(record.key)))</td><td><pre>"
                + PageText.h(masker.mask(MaskedJSON.mask(record.value, with: masker).jsonText)) + "</pre></td></tr>"
        }.joined(separator: "\n")
        return "<table class=\"list xcom\"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    private func logSections(base: String) -> String {
        guard logsKept else { return "<p class=\"muted\">This service keeps no task log files.</p>" }
        guard !logs.isEmpty else { return "<p class=\"muted\">No log yet.</p>" }
        return logs.map { log in
            let heading = "<h3>Try \(log.tryNumber)</h3>"
            if let unreadable = log.unreadable {
                return heading + "<p class=\"error\">\(PageText.h(masker.mask(unreadable)))</p>"
            }
            guard let lines = log.lines else {
                return heading + "<pre class=\"log\" id=\"log-\(log.tryNumber)\" "
                    + "data-stream=\"\(base)/logs/\(log.tryNumber)/stream\"></pre>"
            }
            let text = lines.map { line in
                "<span class=\"level-\(line.level.rawValue)\">\(PageText.h(DurationText.timeOfDay(line.date))) "
                    + "\(line.level.rawValue.uppercased()) \(PageText.h(masker.mask(line.message)))</span>"
            }.joined(separator: "\n")
            return heading + "<pre class=\"log\" id=\"log-\(log.tryNumber)\">\(text)</pre>"
        }.joined(separator: "\n")
    }
}
