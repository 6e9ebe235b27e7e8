public import Foundation

/// A parsed five-field cron expression (minute, hour, day of month, month, day of week), as Airflow's croniter
/// reads it: `*`, lists, ranges, steps, month and day names, `7` for Sunday, and the classic rule that when both
/// day fields are restricted a day matches either.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// Why an expression was rejected: names the field and the offending text.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// The expression.
        public var expression: String
        /// What is wrong.
        public var message: String
        public var description: String { "invalid cron expression '\(expression)': \(message)" }
    }

    /// The text it was parsed from.
    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses an expression.
    /// - Throws: ``ParseError`` naming the field that is wrong.
    public init(_ expression: String) throws {
        self.expression = expression
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(expression: expression, message: "expected 5 fields, found \(fields.count)")
        }
        func parse(_ index: Int, _ name: String, _ range: ClosedRange<Int>, _ names: [String] = [],
                   nameOffset: Int = 0) throws -> Set<Int> {
            try CronExpression.parseField(fields[index], name: name, range: range, names: names,
                                          nameOffset: nameOffset, expression: expression)
        }
        minutes = try parse(0, "minute", 0...59)
        hours = try parse(1, "hour", 0...23)
        daysOfMonth = try parse(2, "day of month", 1...31)
        months = try parse(3, "month", 1...12, CronExpression.monthNames, nameOffset: 1)
        daysOfWeek = Set(try parse(4, "day of week", 0...7, CronExpression.dayNames).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*" && fields[2] != "?"
        dayOfWeekRestricted = fields[4] != "*" && fields[4] != "?"
    }

    private static func parseField(_ field: String, name: String, range: ClosedRange<Int>, names: [String],
                                   nameOffset: Int, expression: String) throws -> Set<Int> {
        func fail(_ message: String) -> ParseError {
            ParseError(expression: expression, message: "\(name) field '\(field)': \(message)")
        }
        func value(_ text: Substring) throws -> Int {
            if let number = Int(text) {
                guard range.contains(number) else { throw fail("\(number) is outside \(range.lowerBound)-\(range.upperBound)") }
                return number
            }
            if let index = names.firstIndex(of: text.lowercased()) { return index + nameOffset }
            throw fail("'\(text)' is not a number\(names.isEmpty ? "" : " or a name")")
        }
        var result: Set<Int> = []
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw fail("malformed part '\(part)'") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw fail("step '\(pieces[1])' must be a positive number") }
                step = parsed
            }
            var bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else {
                let ends = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw fail("malformed range '\(pieces[0])'") }
                let low = try value(ends[0])
                let high = ends.count == 2 ? try value(ends[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw fail("range \(low)-\(high) is reversed") }
                bounds = low...high
            }
            result.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return result
    }

    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let domMatch = daysOfMonth.contains(day)
        let dowMatch = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    /// The first time strictly after `date` that matches, in `timeZone`; nil if none within about five years
    /// (for example `0 0 30 2 *`).
    public func nextDate(after date: Date, in timeZone: TimeZone = .gmt) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        guard let start = calendar.date(byAdding: .minute, value: 1, to: date),
              var day = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: start)) else {
            return nil
        }
        let startParts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        for _ in 0..<(366 * 5) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
               matchesDay(month: month, day: dayOfMonth, weekday: weekday - 1) {
                let isStartDay = parts.year == startParts.year && parts.month == startParts.month
                    && parts.day == startParts.day
                for hour in sortedHours where !isStartDay || hour >= (startParts.hour ?? 0) {
                    for minute in sortedMinutes {
                        if isStartDay, hour == startParts.hour, minute < (startParts.minute ?? 0) { continue }
                        var wanted = parts
                        wanted.hour = hour
                        wanted.minute = minute
                        wanted.second = 0
                        wanted.weekday = nil
                        // A local time skipped by a DST change does not exist: Calendar moves it; keep only exact matches.
                        if let candidate = calendar.date(from: wanted), candidate > date,
                           calendar.component(.hour, from: candidate) == hour {
                            return candidate
                        }
                    }
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = next
        }
        return nil
    }

    public var description: String { expression }
}
