import Foundation
import Updraft

/// `/dags/{dag_id}/grid`: Airflow's grid — one column per run (oldest left), one row per task, each cell the task
/// instance's state colour linking to its details — paginated by run, with the DAG's trigger and pause actions.
struct GridPage: Sendable {
    let record: DAGRecord
    /// The task ids, in the DAG's order.
    let taskIDs: [String]
    /// The page's runs, newest first.
    let runs: [DAGRunRecord]
    /// Task instance states by run id, then task id.
    let states: [String: [String: TaskInstanceState]]
    let totalRuns: Int
    let offset: Int
    let limit: Int
    let csrf: String
    let masker: SecretMasker

    func render() -> HTMLPage {
        let dag = PageText.segment(record.dagID)
        let columns = Array(runs.reversed())
        let header = columns.map { run in
            let label = "\(masker.mask(run.runID)) · \(PageText.date(run.logicalDate))"
            return "<th class=\"run\">"
                + PageText.square(PageText.runState(run.state), label: label,
                                  href: "/dags/\(dag)/runs/\(PageText.segment(run.runID))") + "</th>"
        }.joined()
        // Each run's link once, not once per cell: a 100 × 100 grid would encode every run id a hundred times.
        let runLinks = columns.map { "/dags/\(dag)/runs/\(PageText.segment($0.runID))/tasks/" }
        let rows = taskIDs.map { taskID in
            let task = PageText.segment(taskID)
            let cells = zip(columns, runLinks).map { run, runLink in
                let href = runLink + task
                return "<td>" + PageText.square(states[run.runID]?[taskID], label: masker.mask("\(taskID) · \(run.runID)"),
                                                href: href) + "</td>"
            }.joined()
            return "<tr><th class=\"task\">\(PageText.h(masker.mask(taskID)))</th>\(cells)</tr>"
        }.joined(separator: "\n")
        let pager = PagePager(path: "/dags/\(dag)/grid", query: "", offset: offset, limit: limit, total: totalRuns,
                              noun: "runs", previousLabel: "newer", nextLabel: "older")
        return HTMLPage(title: record.dagID, crumbs: [(record.dagID, "/dags/\(dag)/grid")], body: """
            <h1>\(PageText.h(masker.mask(record.dagID)))\
            \(record.isPaused ? " <span class=\"paused\">paused</span>" : "")</h1>
            <p class="muted">schedule <code>\(PageText.h(masker.mask(record.schedule)))</code>\
            \(record.nextRunAfter.map { " · next run \(PageText.date($0))" } ?? "")</p>
            \(actions(dag: dag))
            <h2>Grid</h2>
            \(runs.isEmpty ? "<p class=\"muted\">No run yet.</p>" : """
                <div class="scroll"><table class="grid"><thead><tr><th></th>\(header)</tr></thead>
                <tbody>
                \(rows)
                </tbody></table></div>
                """)
            \(pager.render())
            \(Legend.render())
            """)
    }

    private func actions(dag: String) -> String {
        let trigger = PageText.form("/dags/\(dag)/trigger", csrf: csrf, button: "Trigger", fields: """
            <label>Run id (optional) <input name="run_id" size="32"></label>\
            <label>Conf (JSON object)<textarea name="conf">{}</textarea></label>
            """)
        let pause = PageText.form("/dags/\(dag)/pause", csrf: csrf, button: record.isPaused ? "Unpause" : "Pause",
                                  fields: "<input type=\"hidden\" name=\"paused\" value=\"\(!record.isPaused)\">"
                                      + "<input type=\"hidden\" name=\"next\" value=\"/dags/\(dag)/grid\">")
        return "<div class=\"actions\">\(trigger)\(pause)</div>"
    }
}

/// The colour legend of task states, as in the run report.
enum Legend {
    static func render() -> String {
        let states: [TaskInstanceState] = [.success, .failed, .running, .queued, .upForRetry, .upstreamFailed,
                                           .skipped, .scheduled]
        let items = states.map { "<span>\(PageText.square($0, label: $0.rawValue)) \($0.rawValue)</span>" }
        return "<p class=\"legend\">\(items.joined(separator: " "))<span>\(PageText.square(nil, label: "no status")) no status</span></p>"
    }
}
