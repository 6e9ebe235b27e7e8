public import Foundation

/// How a DAG's schedule turns into runs: the run after the last one, each with its logical date, data interval and
/// due time — Airflow 3.3's timetables, with the same answers on the days clocks change (tested against a table made
/// with Airflow's own classes).
///
/// A DAG's ``DAG/timetable`` comes from its schedule: a cron expression or preset gets ``cronTrigger(_:timeZone:)``
/// (Airflow 3's default: a run is due at each fire time and its logical date is that time), or
/// ``cronDataInterval(_:timeZone:)`` when the DAG asks for data intervals (Airflow 2's default, and Airflow 3's with
/// `[scheduler] create_cron_data_intervals = True`: the logical date is the start of the interval and the run is due
/// when it ends); an interval gets the matching ``deltaTrigger(_:)`` or ``deltaDataInterval(_:)``.
public enum Timetable: Sendable, Hashable {
    /// No scheduled runs (`schedule: nil`).
    case manual
    /// One run at the start date (`@once`).
    case once
    /// A new run as soon as the previous one ended (`@continuous`).
    case continuous
    /// Airflow's `CronTriggerTimetable`.
    case cronTrigger(CronExpression, timeZone: TimeZone)
    /// Airflow's `CronDataIntervalTimetable`.
    case cronDataInterval(CronExpression, timeZone: TimeZone)
    /// Airflow's `DeltaTriggerTimetable`.
    case deltaTrigger(Duration)
    /// Airflow's `DeltaDataIntervalTimetable`.
    case deltaDataInterval(Duration)

    /// The next run after the last scheduled (or backfill) run, whose data interval is `last` (nil before the
    /// first), within `restriction`; nil when there is none (manual schedules, past the end date, `@once` done).
    /// `now` matters only without catchup, where runs resume from the present.
    public func nextRun(after last: DataInterval?, restriction: TimeRestriction, now: Date) -> DAGRunInfo? {
        switch self {
        case .manual:
            return nil
        case .once:
            guard last == nil else { return nil }
            let runAfter = restriction.earliest ?? now
            if let latest = restriction.latest, runAfter > latest { return nil }
            return DAGRunInfo(runAfter: runAfter, dataInterval: DataInterval(start: runAfter, end: runAfter))
        case .continuous:
            return ContinuousTimetable.nextRun(after: last, restriction: restriction, now: now)
        case .cronTrigger(let cron, let timeZone):
            return TriggerTimetable(steps: .cron(CronStepper(cron, timeZone: timeZone)))
                .nextRun(after: last, restriction: restriction, now: now)
        case .deltaTrigger(let delta):
            return TriggerTimetable(steps: .delta(delta.inSeconds))
                .nextRun(after: last, restriction: restriction, now: now)
        case .cronDataInterval(let cron, let timeZone):
            return DataIntervalTimetable(steps: .cron(CronStepper(cron, timeZone: timeZone)))
                .nextRun(after: last, restriction: restriction, now: now)
        case .deltaDataInterval(let delta):
            return DataIntervalTimetable(steps: .delta(delta.inSeconds))
                .nextRun(after: last, restriction: restriction, now: now)
        }
    }

    /// Airflow's name for it (`CronTriggerTimetable`, …), as the UI and API show it.
    public var airflowName: String {
        switch self {
        case .manual: "NullTimetable"
        case .once: "OnceTimetable"
        case .continuous: "ContinuousTimetable"
        case .cronTrigger: "CronTriggerTimetable"
        case .cronDataInterval: "CronDataIntervalTimetable"
        case .deltaTrigger: "DeltaTriggerTimetable"
        case .deltaDataInterval: "DeltaDataIntervalTimetable"
        }
    }
}
