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

    /// `argument` as a run id.
    /// - Throws: `ValidationError` saying what is wrong with it.
    static func parseRunID(_ argument: String) throws -> String {
        if let problem = RunID.problem(with: argument) { throw ValidationError(problem) }
        return argument
    }

    /// An ISO 8601 date (`2026-01-31`, UTC midnight) or date and time (`2026-01-31T06:00:00Z`, with an offset or
    /// fractional seconds), refusing dates that do not exist (`2026-02-30`, `25:00`) instead of rolling them over.
    /// - Throws: `ValidationError` naming the value.
    static func parseDate(_ argument: String) throws -> Date {
        let example = "expected an ISO 8601 date such as 2026-01-31 or 2026-01-31T06:00:00Z, got '\(argument)'"
        guard let fields = try? #/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$/#
            .wholeMatch(in: argument)
        else { throw ValidationError(example) }
        var components = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: .gmt,
                                         year: Int(fields.1), month: Int(fields.2), day: Int(fields.3))
        if let hour = fields.4, let minute = fields.5, let second = fields.6 {
            (components.hour, components.minute, components.second) = (Int(hour), Int(minute), Int(second))
        }
        guard components.isValidDate else { throw ValidationError("'\(argument)' is not a date that exists") }
        let withTime = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = (try? withTime.parse(argument)) ?? (try? withFraction.parse(argument)) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(argument) { return date }
        throw ValidationError(example)
    }
}
