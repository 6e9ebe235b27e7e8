import ArgumentParser
import Foundation
import Updraft

/// `--logical-date` and `--param`: what a run is about.
struct RunParameters: ParsableArguments {
    @Option(name: .customLong("logical-date"),
            help: ArgumentHelp("The run's logical date, ISO 8601 (2026-01-31 or 2026-01-31T06:00:00Z); now by default.",
                               valueName: "date"),
            transform: RunParameters.parseDate)
    var logicalDate: Date?

    @Option(name: .customLong("param"),
            help: ArgumentHelp("Override a DAG param; the value is JSON when it parses as JSON (42, true, [1,2], "
                               + "{\"a\":1}, \"text\"), else text. Repeatable.", valueName: "key=value"),
            transform: RunParameters.parseParam)
    var params: [ParamAssignment] = []

    /// A `--param key=value` argument.
    struct ParamAssignment: Sendable, Hashable {
        var key: String
        var value: JSONValue
    }

    /// The params as the engine takes them (a later assignment of a key wins).
    var paramOverrides: [String: JSONValue] {
        Dictionary(params.map { ($0.key, $0.value) }, uniquingKeysWith: { _, later in later })
    }

    static func parseParam(_ argument: String) throws -> ParamAssignment {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw ValidationError("expected key=value, got '\(argument)'")
        }
        let text = String(argument[argument.index(after: equals)...])
        let value = (try? JSONValue(parsing: text)) ?? .string(text)
        return ParamAssignment(key: String(argument[..<equals]), value: value)
    }

    static func parseDate(_ argument: String) throws -> Date {
        let withTime = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = (try? withTime.parse(argument)) ?? (try? withFraction.parse(argument)) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(argument) { return date }
        throw ValidationError("expected an ISO 8601 date such as 2026-01-31 or 2026-01-31T06:00:00Z, got '\(argument)'")
    }
}
