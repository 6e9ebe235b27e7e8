public import Foundation

extension DAG {
    /// The logical dates of the next scheduled runs after `date` (Airflow's `airflow dags next-execution`), from the
    /// DAG's ``timetable``: none before ``startDate`` nor after ``endDate``; intervals on the grid that starts at
    /// ``startDate``. Empty for manual and continuous schedules, which have no dates; for `@once`, the start date if
    /// it is after `date`.
    /// - Parameters:
    ///   - date: the dates returned are strictly after it.
    ///   - count: at most this many dates.
    public func nextLogicalDates(after date: Date, count: Int) -> [Date] {
        let restriction = TimeRestriction(earliest: firstCandidate(after: date), latest: endDate, catchup: true)
        switch timetable {
        case .manual, .continuous: return []
        case .once: return startDate.map { $0 > date && count > 0 ? [$0] : [] } ?? []
        default: break
        }
        var dates: [Date] = []
        var last: DataInterval?
        while dates.count < count, let next = timetable.nextRun(after: last, restriction: restriction, now: date) {
            dates.append(next.logicalDate)
            last = next.dataInterval
        }
        return dates
    }

    /// The earliest logical date the next one may have: just after `date`, and on the start date's grid for
    /// intervals.
    private func firstCandidate(after date: Date) -> Date {
        let later = date.addingTimeInterval(0.001)
        guard let startDate else {
            if case .interval(let step) = schedule.kind { return date.addingTimeInterval(step.inSeconds) }
            return later
        }
        guard startDate <= date else { return startDate }
        if case .interval(let step) = schedule.kind {
            let steps = (date.timeIntervalSince(startDate) / step.inSeconds).rounded(.down) + 1
            return startDate.addingTimeInterval(steps * step.inSeconds)
        }
        return later
    }
}
