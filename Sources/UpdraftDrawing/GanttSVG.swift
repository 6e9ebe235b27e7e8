public import Foundation
public import Updraft

/// Draws the tries of a run's tasks on a time axis, one row per task and one bar per try, so retries show as
/// several bars on a row (failed tries in the failure colour, the wait before a retry as a gap).
public struct GanttSVG: Sendable {
    static let labelWidth = 190, chartWidth = 720, rowHeight = 26, axisHeight = 28, margin = 10

    /// The tasks with their tries, in display order.
    public var rows: [(taskID: String, tries: [TryRecord])]
    /// The run's end, for tries still open (a cancelled run).
    public var end: Date

    /// A chart of `rows`; a try without an end date is drawn up to `end`.
    public init(rows: [(taskID: String, tries: [TryRecord])], end: Date) {
        self.rows = rows
        self.end = end
    }

    /// The time span drawn: the first try's start to the last try's end.
    var span: (start: Date, seconds: Double) {
        let tries = rows.flatMap(\.tries)
        let start = tries.map(\.startDate).min() ?? end
        let last = tries.map { $0.endDate ?? end }.max() ?? end
        return (start, max(last.timeIntervalSince(start), 0.001))
    }

    /// The `<svg>` element.
    public func render() -> String {
        let (start, seconds) = span
        let width = Self.labelWidth + Self.chartWidth + 2 * Self.margin
        let height = Self.axisHeight + max(rows.count, 1) * Self.rowHeight + Self.margin
        func x(_ date: Date) -> Double {
            Double(Self.labelWidth + Self.margin) + date.timeIntervalSince(start) / seconds * Double(Self.chartWidth)
        }
        var parts = ["""
            <svg class="gantt" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="Gantt chart of tries">
            """]
        for tick in 0...4 {
            let offset = seconds * Double(tick) / 4
            let tickX = Double(Self.labelWidth + Self.margin) + Double(Self.chartWidth) * Double(tick) / 4
            parts.append("""
                <line x1="\(Self.format(tickX))" y1="\(Self.axisHeight - 6)" x2="\(Self.format(tickX))" \
                y2="\(height - Self.margin)" stroke="#ddd"/>\
                <text x="\(Self.format(tickX))" y="\(Self.axisHeight - 10)" font-size="11" text-anchor="middle">\
                +\(HTMLText.escape(DurationText.format(offset)))</text>
                """)
        }
        for (index, row) in rows.enumerated() {
            let top = Self.axisHeight + index * Self.rowHeight
            parts.append("""
                <text x="\(Self.margin)" y="\(top + 17)" font-size="12">\
                \(HTMLText.escape(GraphSVG.fit(row.taskID, limit: 26)))</text>
                """)
            for attempt in row.tries {
                let left = x(attempt.startDate)
                let barWidth = max(x(attempt.endDate ?? end) - left, 2)
                var tip = "\(row.taskID) try \(attempt.tryNumber): \(attempt.state.rawValue), "
                    + DurationText.format((attempt.endDate ?? end).timeIntervalSince(attempt.startDate))
                if let error = attempt.error { tip += "\n" + error }
                parts.append("""
                    <rect class="try" data-task="\(HTMLText.escape(row.taskID))" data-try="\(attempt.tryNumber)" \
                    x="\(Self.format(left))" y="\(top + 4)" width="\(Self.format(barWidth))" \
                    height="\(Self.rowHeight - 8)" rx="3" fill="\(StatePalette.colour(of: attempt.state))" \
                    stroke="#444" stroke-width="0.5"><title>\(HTMLText.escape(tip))</title></rect>
                    """)
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
