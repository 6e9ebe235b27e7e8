import ArgumentParser
import Foundation
import Updraft

/// `next-execution`: the logical dates of the next scheduled runs (Airflow's `airflow dags next-execution`), to
/// check a schedule carried over from Python before any scheduler runs it.
struct NextExecutionCommand<Executable: DAGExecutable>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "next-execution",
                             abstract: "Print the logical dates of the next scheduled runs of a DAG.")
    }

    @OptionGroup var selection: DAGSelection

    @Option(name: [.customShort("n"), .customLong("count")], help: "How many dates (1 to 1000).")
    var count = 1

    @Option(help: ArgumentHelp("Dates after this one, ISO 8601 (2026-01-31 or 2026-01-31T06:00:00Z); now by default.",
                               valueName: "date"),
            transform: RunParameters.parseDate)
    var after: Date?

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be 1 to 1000, not \(count)") }
        _ = try selection.dags(from: try Executable.makeDAGs())
    }

    func run() throws {
        let after = self.after ?? Date()
        let dags = try selection.dags(from: try Executable.makeDAGs())
        print(try dags.map { try Self.render($0, after: after, count: count) }.joined(separator: "\n"), terminator: "")
    }

    /// The dates of `dag`, in its time zone, or why it has none.
    static func render(_ dag: DAG, after: Date, count: Int) throws -> String {
        let zone = dag.timeZone.identifier
        var lines = ["DAG \(dag.dagID): schedule \(dag.schedule), time zone \(zone)"]
        let dates = dag.nextLogicalDates(after: after, count: count)
        if dates.isEmpty {
            lines.append("  " + Self.noDates(dag, after: after))
        } else {
            let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: dag.timeZone)
            lines += dates.map { "  " + $0.formatted(style) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func noDates(_ dag: DAG, after: Date) -> String {
        switch dag.schedule {
        case .manual: return "no scheduled runs: it runs when triggered (`run`)"
        case .continuous: return "no dates ahead: each run starts as soon as the previous one ends"
        default:
            let utc = Date.ISO8601FormatStyle()
            if dag.schedule == .once, let start = dag.startDate {
                return "no run after \(after.formatted(utc)): its one run was due at \(start.formatted(utc))"
            }
            if let end = dag.endDate {
                return "no run after \(after.formatted(utc)): the DAG ends at \(end.formatted(utc))"
            }
            return "no run after \(after.formatted(utc))"
        }
    }
}
