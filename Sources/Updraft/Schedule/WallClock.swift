import Foundation

/// Wall-clock ("naive") times in a time zone, as Airflow's timetables use them: a naive time is represented as the
/// `Date` whose UTC reading is that wall-clock reading, so cron arithmetic runs in GMT with no DST at all.
struct WallClock: Sendable, Hashable {
    let timeZone: TimeZone

    /// The wall-clock reading of `instant` (Airflow's `make_naive`).
    func naive(_ instant: Date) -> Date {
        instant.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: instant)))
    }

    /// The instant a wall-clock reading denotes (Airflow's `make_aware`, which sets `fold=1`): a reading that occurs
    /// twice when clocks go back means its second occurrence; a reading skipped when clocks go forward is moved
    /// forward by the gap (02:30 in a 02:00→03:00 change is 03:30).
    func aware(_ naive: Date) -> Date {
        // At most one change lies within a day of any reading, so the offsets a day before and after are the two
        // the reading can have.
        let offsets = Set([timeZone.secondsFromGMT(for: naive.addingTimeInterval(-86_400)),
                           timeZone.secondsFromGMT(for: naive.addingTimeInterval(86_400))])
        let candidates = offsets.map { naive.addingTimeInterval(-TimeInterval($0)) }
        let valid = candidates.filter { self.naive($0) == naive }
        // Both valid: the later instant is the second occurrence. None valid (a gap): the later candidate is the one
        // computed with the offset before the change, which lands after it.
        return (valid.isEmpty ? candidates : valid).max()!
    }
}
