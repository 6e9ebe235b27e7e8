import Foundation

extension CronExpression {
    /// Whether the expression fires at least once every hour (its hour field is every hour): Airflow then steps by
    /// elapsed time across daylight-saving changes instead of by wall-clock readings (its "fold hour" rule).
    var coversEveryHour: Bool { hours.count == 24 }

    /// The last time strictly before `date` that matches, in `timeZone`; nil if none within about five years.
    func previousDate(before date: Date, in timeZone: TimeZone = .gmt) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let sortedHours = hours.sorted(by: >)
        let sortedMinutes = minutes.sorted(by: >)
        // The latest whole minute strictly before `date`.
        let floor = calendar.dateInterval(of: .minute, for: date)?.start ?? date
        let limit = floor < date ? floor : floor.addingTimeInterval(-60)
        guard var day = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: limit)) else {
            return nil
        }
        let limitParts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: limit)
        for _ in 0..<(366 * 5) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
               matchesDay(month: month, day: dayOfMonth, weekday: weekday - 1) {
                let isLimitDay = parts.year == limitParts.year && parts.month == limitParts.month
                    && parts.day == limitParts.day
                for hour in sortedHours where !isLimitDay || hour <= (limitParts.hour ?? 23) {
                    for minute in sortedMinutes {
                        if isLimitDay, hour == limitParts.hour, minute > (limitParts.minute ?? 59) { continue }
                        var wanted = parts
                        wanted.hour = hour
                        wanted.minute = minute
                        wanted.second = 0
                        wanted.weekday = nil
                        if let candidate = calendar.date(from: wanted), candidate < date,
                           calendar.component(.hour, from: candidate) == hour {
                            return candidate
                        }
                    }
                }
            }
            guard let previous = calendar.date(byAdding: .day, value: -1, to: day) else { return nil }
            day = previous
        }
        return nil
    }
}
