import Foundation
import Updraft
import UpdraftDrawing

/// `/dags/{dag_id}/runs/{run_id}`: a run's facts, its graph coloured by state and the Gantt chart of its tries
/// (the drawings of the run report), its task instances, and the run's actions (clear failed tasks, mark).
struct RunPage: Sendable {
    let run: DAGRunRecord
    let graph: DAGGraph
    let instances: [TaskInstanceRecord]
    let operatorNames: [String: String]
    let csrf: String
    let masker: SecretMasker

    func render() -> HTMLPage {
        let dag = PageText.segment(run.dagID), runSegment = PageText.segment(run.runID)
        let base = "/dags/\(dag)/runs/\(runSegment)"
        let states = Dictionary(instances.map { ($0.taskID, $0.state) }, uniquingKeysWith: { first, _ in first })
        let gantt = GanttSVG(rows: instances.compactMap { $0.tries.isEmpty ? nil : ($0.taskID, $0.tries) },
                             end: run.endDate ?? Date())
        return HTMLPage(title: "\(run.dagID) · \(run.runID)",
                        crumbs: [(run.dagID, "/dags/\(dag)/grid"), (masker.mask(run.runID), base)], body: """
            <h1>\(PageText.square(PageText.runState(run.state), label: run.state.rawValue)) \
            \(PageText.h(masker.mask(run.runID)))</h1>
            \(facts)
            \(actions(base: base))
            <h2>Graph</h2>
            <div class="scroll" data-task-base="\(base)/tasks/">\(GraphSVG(graph: graph, states: states).render())</div>
            \(Legend.render())
            <h2>Gantt</h2>
            <div class="scroll">\(gantt.rows.isEmpty ? "<p class=\"muted\">No task has started.</p>" : gantt.render())</div>
            <h2>Task instances</h2>
            \(table(base: base))
            """)
    }

    private var facts: String {
        var rows: [(String, String)] = [("State", run.state.rawValue), ("Run type", run.runType.rawValue),
                                        ("Logical date", PageText.date(run.logicalDate))]
        if let start = run.dataIntervalStart, let end = run.dataIntervalEnd {
            rows.append(("Data interval", "\(PageText.date(start)) – \(PageText.date(end))"))
        }
        rows.append(("Started", PageText.date(run.startDate)))
        rows.append(("Ended", PageText.date(run.endDate)))
        rows.append(("Duration", PageText.duration(from: run.startDate, to: run.endDate)))
        if !run.conf.isEmpty { rows.append(("Conf", MaskedJSON.mask(.object(run.conf), with: masker).jsonText)) }
        if !run.params.isEmpty { rows.append(("Params", MaskedJSON.mask(.object(run.params), with: masker).jsonText)) }
        if let note = run.note { rows.append(("Note", note)) }
        return "<dl class=\"facts\">" + rows.map { name, value in
            "<dt>\(PageText.h(name))</dt><dd>\(PageText.h(masker.mask(value)))</dd>"
        }.joined() + "</dl>"
    }

    private func actions(base: String) -> String {
        let clear = PageText.form("\(base)/clear", csrf: csrf, button: "Clear failed tasks",
                                  fields: "<input type=\"hidden\" name=\"failed_only\" value=\"on\">",
                                  confirm: "Clear the failed tasks of this run so they run again?")
        let success = PageText.form("\(base)/mark", csrf: csrf, button: "Mark run success",
                                    fields: "<input type=\"hidden\" name=\"state\" value=\"success\">",
                                    confirm: "Mark this run and its unfinished tasks success?")
        let failed = PageText.form("\(base)/mark", csrf: csrf, button: "Mark run failed",
                                   fields: "<input type=\"hidden\" name=\"state\" value=\"failed\">",
                                   confirm: "Mark this run failed?")
        return "<div class=\"actions\">\(clear)\(success)\(failed)</div>"
    }

    private func table(base: String) -> String {
        let rows = instances.map { instance in
            let href = "\(base)/tasks/\(PageText.segment(instance.taskID))"
            return """
                <tr><td>\(PageText.square(instance.state, label: instance.taskID)) \
                <a href="\(href)">\(PageText.h(masker.mask(instance.taskID)))</a></td>\
                <td>\(PageText.h(operatorNames[instance.taskID] ?? ""))</td><td>\(instance.state.rawValue)</td>\
                <td>\(instance.tryNumber) of \(instance.maxTries)</td><td>\(PageText.date(instance.startDate))</td>\
                <td>\(PageText.duration(from: instance.startDate, to: instance.endDate))</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <table class="list tasks"><thead><tr><th>Task</th><th>Operator</th><th>State</th><th>Try</th>\
            <th>Started</th><th>Duration</th></tr></thead><tbody>
            \(rows.isEmpty ? "<tr><td colspan=\"6\" class=\"muted\">No task instance yet.</td></tr>" : rows)
            </tbody></table>
            """
    }
}
