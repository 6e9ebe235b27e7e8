import Foundation
import Updraft
import UpdraftDrawing

/// The lines printed when a run ends: its state, duration and counts per task state, then each failed task with
/// its error.
public enum RunSummary {
    /// The summary of `archive` (already masked).
    public static func lines(_ archive: RunArchive) -> [String] {
        let run = archive.run
        var counts: [TaskInstanceState: Int] = [:]
        for entry in archive.tasks { counts[entry.instance?.state ?? .pending, default: 0] += 1 }
        let order: [TaskInstanceState] = [.success, .skipped, .failed, .upstreamFailed, .upForRetry, .running,
                                          .queued, .scheduled, .pending, .removed]
        let tally = order.compactMap { state in
            counts[state].map { "\($0) \(ProgressFormatter.label(state))" }
        }.joined(separator: ", ")
        var headline = "run \(run.runID) \(run.state.rawValue)"
        if let start = run.startDate, let end = run.endDate {
            headline += " in \(DurationText.format(end.timeIntervalSince(start)))"
        }
        var lines = [headline + ": " + tally]
        if let note = run.note { lines.append("  note: \(note)") }
        for entry in archive.tasks {
            guard let instance = entry.instance, instance.state == .failed else { continue }
            lines.append("  ✘ \(entry.taskID) failed after \(instance.tryNumber) tr\(instance.tryNumber == 1 ? "y" : "ies")"
                         + (instance.error.map { ": \($0)" } ?? ""))
        }
        return lines
    }
}
