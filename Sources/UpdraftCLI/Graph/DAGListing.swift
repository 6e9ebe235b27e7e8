import Foundation
public import Updraft
import UpdraftDrawing

/// The `list` text of a DAG: its options, then a table of its tasks with their operators and effective options.
public enum DAGListing {
    /// The listing of `dag`.
    public static func render(_ dag: DAG) -> String {
        var facts = ["schedule \(dag.schedule)", "max active tasks \(dag.maxActiveTasks)"]
        if dag.timeZone != .gmt { facts.append("time zone \(dag.timeZone.identifier)") }
        if dag.catchup { facts.append("catchup") }
        if dag.failFast { facts.append("fail fast") }
        if let timeout = dag.dagrunTimeout { facts.append("run timeout \(duration(timeout))") }
        if !dag.tags.isEmpty { facts.append("tags " + dag.tags.sorted().joined(separator: ", ")) }
        if !dag.params.isEmpty { facts.append("params " + JSONValue.object(dag.params).jsonText) }
        var lines = ["DAG \(dag.dagID)" + (dag.description.map { " — \($0)" } ?? ""), "  " + facts.joined(separator: " · ")]
        let header = ["TASK", "OPERATOR", "RETRIES", "RETRY DELAY", "TRIGGER RULE", "POOL", "PRIORITY", "TIMEOUT",
                      "OWNER", "UPSTREAM"]
        let rows = dag.tasks.map { task in
            [task.taskID, task.operatorName, "\(task.retries)", duration(task.retryDelay), task.triggerRule.name,
             task.poolSlots == 1 ? task.pool : "\(task.pool)×\(task.poolSlots)", "\(task.priorityWeight)",
             task.options.executionTimeout.map(duration) ?? "-", task.owner,
             dag.upstreamTaskIDs(of: task.taskID).joined(separator: ",").nonEmpty ?? "-"]
        }
        lines += table([header] + rows).map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows as left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ",
                                                                      startingAt: 0)
            }
            return line
        }
    }

    private static func duration(_ value: Duration) -> String {
        let (seconds, attoseconds) = value.components
        return DurationText.format(Double(seconds) + Double(attoseconds) / 1e18)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
