public import Foundation

/// When a DAG runs (Airflow's `schedule`): manually, once, continuously, on a cron expression or every interval.
///
/// Airflow's strings are accepted as literals: `"@once"`, `"@daily"`, `"0 6 * * 1-5"`.
public struct Schedule: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    enum Kind: Sendable, Hashable {
        case manual
        case once
        case continuous
        case cron(String)
        case interval(Duration)
    }

    let kind: Kind

    private init(kind: Kind) { self.kind = kind }

    /// Only when triggered (Airflow's `None`).
    public static let manual = Schedule(kind: .manual)
    /// One run, at the start date (`"@once"`).
    public static let once = Schedule(kind: .once)
    /// A new run as soon as the previous one ends (`"@continuous"`).
    public static let continuous = Schedule(kind: .continuous)
    /// `"@hourly"`: `0 * * * *`.
    public static let hourly = Schedule.cron("0 * * * *")
    /// `"@daily"`: `0 0 * * *`.
    public static let daily = Schedule.cron("0 0 * * *")
    /// `"@weekly"`: `0 0 * * 0`.
    public static let weekly = Schedule.cron("0 0 * * 0")
    /// `"@monthly"`: `0 0 1 * *`.
    public static let monthly = Schedule.cron("0 0 1 * *")
    /// `"@quarterly"`: `0 0 1 */3 *`.
    public static let quarterly = Schedule.cron("0 0 1 */3 *")
    /// `"@yearly"`: `0 0 1 1 *`.
    public static let yearly = Schedule.cron("0 0 1 1 *")

    /// Airflow's presets by name.
    public static let presets: [String: Schedule] = [
        "@once": .once, "@continuous": .continuous, "@hourly": .hourly, "@daily": .daily, "@weekly": .weekly,
        "@monthly": .monthly, "@quarterly": .quarterly, "@yearly": .yearly, "@annually": .yearly,
    ]

    /// On a five-field cron expression (validated when the DAG is built).
    public static func cron(_ expression: String) -> Schedule { Schedule(kind: .cron(expression)) }

    /// Every `interval`, starting at the start date.
    public static func every(_ interval: Duration) -> Schedule { Schedule(kind: .interval(interval)) }

    /// A preset name (`"@daily"`), `"@once"`, `"@continuous"`, `"none"`, or a cron expression.
    public init(stringLiteral value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let preset = Schedule.presets[trimmed] {
            self = preset
        } else if trimmed.isEmpty || trimmed.lowercased() == "none" || trimmed == "@none" {
            self = .manual
        } else {
            self = .cron(trimmed)
        }
    }

    /// The parsed cron expression, for cron schedules.
    /// - Throws: ``CronExpression/ParseError`` when the expression is invalid.
    public func cronExpression() throws -> CronExpression? {
        guard case .cron(let text) = kind else { return nil }
        return try CronExpression(text)
    }

    /// The first fire time strictly after `date`, with Airflow's daylight-saving rules in `timeZone`; nil for
    /// manual, once and continuous schedules. Intervals count from `startDate` (from `date` without one).
    /// - Throws: ``CronExpression/ParseError`` when the cron expression is invalid.
    public func nextFireDate(after date: Date, startDate: Date? = nil, in timeZone: TimeZone = .gmt) throws -> Date? {
        switch kind {
        case .manual, .once, .continuous:
            return nil
        case .cron:
            guard let cron = try cronExpression() else { return nil }
            return CronStepper(cron, timeZone: timeZone).next(after: date)
        case .interval(let interval):
            let step = interval.inSeconds
            guard step > 0 else { return nil }
            guard let origin = startDate else { return date.addingTimeInterval(step) }
            if date < origin { return origin }
            let elapsed = date.timeIntervalSince(origin)
            return origin.addingTimeInterval((floor(elapsed / step) + 1) * step)
        }
    }

    /// The timetable this schedule gets in `timeZone` (see ``DAG/timetable``).
    /// - Throws: ``CronExpression/ParseError`` when the cron expression is invalid.
    public func timetable(timeZone: TimeZone, dataIntervals: Bool) throws -> Timetable {
        switch kind {
        case .manual: .manual
        case .once: .once
        case .continuous: .continuous
        case .cron(let text):
            dataIntervals ? .cronDataInterval(try CronExpression(text), timeZone: timeZone)
                : .cronTrigger(try CronExpression(text), timeZone: timeZone)
        case .interval(let step): dataIntervals ? .deltaDataInterval(step) : .deltaTrigger(step)
        }
    }

    public var description: String {
        switch kind {
        case .manual: "None"
        case .once: "@once"
        case .continuous: "@continuous"
        case .cron(let expression):
            Schedule.presets.first { $0.value.kind == kind && $0.key != "@annually" }?.key ?? expression
        case .interval(let interval): "every \(interval.inSeconds.formatted(maxFractionDigits: 3)) s"
        }
    }
}
