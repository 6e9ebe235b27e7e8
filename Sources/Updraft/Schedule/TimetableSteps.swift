import Foundation

/// The fire times a timetable steps through: a cron expression on a time zone's wall clock, or a fixed delta
/// (Airflow's `CronMixin` and `DeltaMixin`).
enum TimetableSteps: Sendable, Hashable {
    case cron(CronStepper)
    case delta(TimeInterval)

    /// Cron expressions that never fire (`0 0 30 2 *`) have no next time: far future stands in, which ends every
    /// schedule at its `latest` bound or never makes a run due.
    private static let never = Date.distantFuture

    func next(after current: Date) -> Date {
        switch self {
        case .cron(let stepper): stepper.next(after: current) ?? Self.never
        case .delta(let seconds): current.addingTimeInterval(seconds)
        }
    }

    func previous(before current: Date) -> Date {
        switch self {
        case .cron(let stepper): stepper.previous(before: current) ?? Date.distantPast
        case .delta(let seconds): current.addingTimeInterval(-seconds)
        }
    }

    func alignedForward(_ current: Date) -> Date {
        switch self {
        case .cron(let stepper): stepper.alignedForward(current) ?? Self.never
        case .delta: current
        }
    }

    func alignedBackward(_ current: Date) -> Date {
        switch self {
        case .cron(let stepper): stepper.alignedBackward(current) ?? Date.distantPast
        case .delta: current
        }
    }
}

/// Airflow's `_TriggerTimetable` (cron and delta, with no data interval): a run is due at each fire time.
struct TriggerTimetable {
    let steps: TimetableSteps

    func nextRun(after last: DataInterval?, restriction: TimeRestriction, now: Date) -> DAGRunInfo? {
        let start: Date
        if restriction.catchup {
            if let last {
                start = steps.next(after: last.end)
            } else if let earliest = restriction.earliest {
                start = steps.alignedForward(earliest)
            } else {
                start = firstRun(now: now)
            }
        } else {
            var candidates = [steps.alignedBackward(now)]
            if let last {
                candidates.append(steps.next(after: last.end))
            } else if restriction.earliest == nil {
                candidates.append(firstRun(now: now))
            }
            if let earliest = restriction.earliest { candidates.append(steps.alignedForward(earliest)) }
            start = candidates.max()!
        }
        if let latest = restriction.latest, latest < start { return nil }
        guard start != .distantFuture else { return nil }
        return .interval(start: start, end: start)
    }

    /// Without a start date: the latest past fire time if it was less than a tenth of the period (at least five
    /// minutes) ago, else the next one (Airflow's `_calc_first_run` with `run_immediately=False`).
    private func firstRun(now: Date) -> Date {
        guard case .cron = steps else { return steps.alignedBackward(now) }
        let past = steps.alignedBackward(now)
        let next = steps.alignedForward(now)
        let buffer = max(next.timeIntervalSince(past) / 10, 300)
        return now.timeIntervalSince(past) <= buffer ? past : next
    }
}

/// Airflow's `_DataIntervalTimetable` (cron and delta): each run covers one interval and is due when it ends.
struct DataIntervalTimetable {
    let steps: TimetableSteps

    func nextRun(after last: DataInterval?, restriction: TimeRestriction, now: Date) -> DAGRunInfo? {
        var earliest = restriction.earliest
        if !restriction.catchup {
            earliest = skipToLatest(earliest, now: now)
        } else if let bound = earliest {
            earliest = steps.alignedForward(bound)
        }
        var start: Date
        if let last {
            let alignedEnd = steps.alignedBackward(last.end)
            start = earliest.map { max(alignedEnd, $0) } ?? alignedEnd
            if start <= last.start {
                start = steps.next(after: start)
                guard start > last.start else { return nil }
            }
        } else {
            guard let earliest else { return nil }
            start = earliest
        }
        if let latest = restriction.latest, start > latest { return nil }
        let end = steps.next(after: start)
        guard end != .distantFuture else { return nil }
        return .interval(start: start, end: end)
    }

    /// Without catchup, the interval that ended last before `now` (Airflow's `_skip_to_latest`).
    private func skipToLatest(_ earliest: Date?, now: Date) -> Date {
        let latestStart: Date
        switch steps {
        case .cron:
            let lastStart = steps.previous(before: now)
            let nextStart = steps.next(after: lastStart)
            latestStart = nextStart == now ? lastStart : steps.previous(before: lastStart)
        case .delta(let seconds):
            // Fixed deltas round on the Unix epoch, as Airflow does.
            let rounded = now.timeIntervalSince1970 - now.timeIntervalSince1970.truncatingRemainder(dividingBy: seconds)
            latestStart = steps.previous(before: Date(timeIntervalSince1970: rounded))
        }
        guard let earliest else { return latestStart }
        return max(latestStart, steps.alignedForward(earliest))
    }
}

/// Airflow's `ContinuousTimetable`: one run after another, each covering the time since the previous one ended.
enum ContinuousTimetable {
    static func nextRun(after last: DataInterval?, restriction: TimeRestriction, now: Date) -> DAGRunInfo? {
        let startDate = restriction.earliest ?? now
        let start: Date
        let end: Date
        if let last {
            if last.end > now {
                start = startDate
                end = start.addingTimeInterval(last.end.timeIntervalSince(last.start))
            } else {
                start = last.end
                end = now
            }
        } else {
            start = startDate
            end = max(startDate, now)
        }
        if let latest = restriction.latest, end > latest { return nil }
        return .interval(start: start, end: end)
    }
}
