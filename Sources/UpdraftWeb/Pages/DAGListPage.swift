import Foundation
import Updraft

/// `/dags`: every DAG with its schedule, paused flag (and the button to flip it), next run, its latest runs as
/// coloured squares and its count of failed runs, paginated.
struct DAGListPage: Sendable {
    struct Row: Sendable {
        let record: DAGRecord
        /// Its latest runs (newest first) and failed-run count.
        let runs: DAGRunsOverview
    }

    let rows: [Row]
    let total: Int
    let offset: Int
    let limit: Int
    let csrf: String
    let masker: SecretMasker

    func render() -> HTMLPage {
        let lines = rows.map(row).joined(separator: "\n")
        return HTMLPage(title: "DAGs", crumbs: [], body: """
            <h1>DAGs</h1>
            <table class="list dags">
            <thead><tr><th>DAG</th><th>Schedule</th><th>Owners · tags</th><th>Next run</th><th>Latest runs</th>\
            <th>Failed runs</th><th>Paused</th></tr></thead>
            <tbody>
            \(lines.isEmpty ? "<tr><td colspan=\"7\" class=\"muted\">No DAG is registered.</td></tr>" : lines)
            </tbody>
            </table>
            \(PagePager(path: "/dags", query: "", offset: offset, limit: limit, total: total, noun: "DAGs").render())
            """)
    }

    private func row(_ row: Row) -> String {
        let record = row.record
        let dag = PageText.segment(record.dagID)
        // Oldest to newest, left to right, as Airflow's list.
        let squares = row.runs.latestRuns.reversed().map { run in
            PageText.square(PageText.runState(run.state), label: masker.mask(run.runID),
                            href: "/dags/\(dag)/runs/\(PageText.segment(run.runID))")
        }.joined()
        let labels = (record.owners + record.tags).map { masker.mask($0) }.joined(separator: " · ")
        let toggle = PageText.form("/dags/\(dag)/pause", csrf: csrf, button: record.isPaused ? "Unpause" : "Pause",
                                   fields: "<input type=\"hidden\" name=\"paused\" value=\"\(!record.isPaused)\">"
                                       + "<input type=\"hidden\" name=\"next\" value=\"/dags\">")
        let next = record.isPaused ? "" : PageText.date(record.nextRunAfter ?? record.nextLogicalDate)
        return """
            <tr data-dag="\(PageText.h(record.dagID))"><td><a href="/dags/\(dag)/grid">\
            \(PageText.h(masker.mask(record.dagID)))</a>\
            \(record.description.map { "<div class=\"muted\">\(PageText.h(masker.mask($0)))</div>" } ?? "")</td>\
            <td><code>\(PageText.h(masker.mask(record.schedule)))</code></td><td>\(PageText.h(labels))</td>\
            <td>\(next)</td><td class="latest">\(squares)</td>\
            <td>\(row.runs.failedRuns > 0 ? "<span class=\"failed-count\">\(row.runs.failedRuns)</span>" : "0")</td>\
            <td>\(record.isPaused ? "<span class=\"paused\">paused</span> " : "")\(toggle)</td></tr>
            """
    }
}
