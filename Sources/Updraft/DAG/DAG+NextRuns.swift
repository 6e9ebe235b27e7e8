public import Foundation

extension DAG {
    /// The logical dates of the next scheduled runs after `date` (Airflow's `airflow dags next-execution`): cron
    /// schedules read in ``timeZone``, intervals counted from ``startDate``, none before ``startDate`` nor after
    /// ``endDate``. Empty for manual and continuous schedules, which have no dates; for `@once`, the start date if
    /// it is after `date`.
    /// - Parameters:
    ///   - date: the dates returned are strictly after it.
    ///   - count: at most this many dates.
    /// - Throws: ``CronExpression/ParseError`` (not for a built DAG: its schedule was validated).
    public func nextLogicalDates(after date: Date, count: Int) throws -> [Date] {
        switch schedule.kind {
        case .manual, .continuous:
            return []
        case .once:
            guard let startDate, startDate > date, count > 0 else { return [] }
            return [startDate]
        case .cron, .interval:
            var dates: [Date] = []
            // The first run may fall on the start date itself.
            var cursor = max(date, startDate.map { $0.addingTimeInterval(-1) } ?? date)
            while dates.count < count,
                  let next = try schedule.nextFireDate(after: cursor, startDate: startDate, in: timeZone),
                  endDate.map({ next <= $0 }) ?? true {
                dates.append(next)
                cursor = next
            }
            return dates
        }
    }
}
