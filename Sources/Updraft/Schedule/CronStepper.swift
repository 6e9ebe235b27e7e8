import Foundation

/// Airflow's `CronMixin`: a cron expression read on the wall clock of a time zone, stepped to the next or previous
/// fire time with Airflow's daylight-saving rules. Fixed-hour expressions step on wall-clock readings (a time inside
/// a skipped hour moves forward, a repeated reading means its second occurrence); expressions that fire every hour
/// step by elapsed time, so they fire in every real hour — twice in a repeated one, never in a skipped one.
struct CronStepper: Sendable, Hashable {
    let cron: CronExpression
    let wallClock: WallClock

    init(_ cron: CronExpression, timeZone: TimeZone) {
        self.cron = cron
        self.wallClock = WallClock(timeZone: timeZone)
    }

    /// The first fire time after `current` (Airflow's `_get_next`).
    func next(after current: Date) -> Date? {
        let naive = wallClock.naive(current)
        guard let scheduled = cron.nextDate(after: naive, in: .gmt) else { return nil }
        guard cron.coversEveryHour else { return wallClock.aware(scheduled) }
        return step(current, by: scheduled.timeIntervalSince(naive))
    }

    /// The last fire time before `current` (Airflow's `_get_prev`).
    func previous(before current: Date) -> Date? {
        let naive = wallClock.naive(current)
        guard let scheduled = cron.previousDate(before: naive, in: .gmt) else { return nil }
        guard cron.coversEveryHour else { return wallClock.aware(scheduled) }
        return step(current, by: -naive.timeIntervalSince(scheduled))
    }

    /// `current` if it is a fire time, else the next one (Airflow's `_align_to_next`).
    func alignedForward(_ current: Date) -> Date? {
        guard let next = next(after: current) else { return nil }
        return previous(before: next) == current ? current : next
    }

    /// `current` if it is a fire time, else the previous one (Airflow's `_align_to_prev`).
    func alignedBackward(_ current: Date) -> Date? {
        guard let previous = previous(before: current) else { return nil }
        return next(after: previous) == current ? current : previous
    }

    /// pendulum's `DateTime + timedelta`, which Airflow uses here: whole days on the wall clock, the rest in
    /// elapsed seconds.
    private func step(_ current: Date, by seconds: TimeInterval) -> Date {
        let days = (seconds / 86_400).rounded(.towardZero)
        let rest = seconds - days * 86_400
        var moved = current
        if days != 0 { moved = wallClock.aware(wallClock.naive(current).addingTimeInterval(days * 86_400)) }
        return moved.addingTimeInterval(rest)
    }
}
