import Foundation
import Testing
import Updraft

@Suite struct ScheduleTests {
    let utc = TimeZone(identifier: "UTC")!
    func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func presetsAndLiterals() {
        #expect(Schedule("@daily") == .daily)
        #expect(Schedule("@once") == .once)
        #expect(Schedule("none") == .manual)
        #expect(Schedule.quarterly.description == "@quarterly")
        #expect(Schedule("*/5 * * * *").description == "*/5 * * * *")
    }

    @Test func cronNextFireTimes() throws {
        let weekdays = Schedule.cron("30 6 * * MON-FRI")
        // 2026-11-27 is a Friday: next is Friday 06:30, then Monday 06:30.
        let friday = try #require(try weekdays.nextFireDate(after: date("2026-11-27T00:00:00Z"), in: utc))
        #expect(friday == date("2026-11-27T06:30:00Z"))
        #expect(try weekdays.nextFireDate(after: friday, in: utc) == date("2026-11-30T06:30:00Z"))
        #expect(try Schedule.quarterly.nextFireDate(after: date("2026-02-01T00:00:00Z"), in: utc)
                == date("2026-04-01T00:00:00Z"))
        #expect(try Schedule.cron("0 0 29 2 *").nextFireDate(after: date("2026-03-01T00:00:00Z"), in: utc)
                == date("2028-02-29T00:00:00Z"))
    }

    @Test func dayOfMonthOrDayOfWeekWhenBothRestricted() throws {
        // Fires on the 1st or on Sundays (croniter's rule).
        let either = Schedule.cron("0 0 1 * SUN")
        #expect(try either.nextFireDate(after: date("2026-11-25T00:00:00Z"), in: utc) == date("2026-11-29T00:00:00Z"))
        #expect(try either.nextFireDate(after: date("2026-11-29T00:00:00Z"), in: utc) == date("2026-12-01T00:00:00Z"))
    }

    @Test func timeZonesAndDaylightSaving() throws {
        let paris = TimeZone(identifier: "Europe/Paris")!
        // 02:30 local does not exist on 2026-03-29 (clocks jump 02:00 → 03:00): the next one is on the 30th.
        let next = try Schedule.cron("30 2 * * *").nextFireDate(after: date("2026-03-28T12:00:00Z"), in: paris)
        #expect(next == date("2026-03-30T00:30:00Z"))
        #expect(try Schedule.daily.nextFireDate(after: date("2026-07-01T12:00:00Z"), in: paris)
                == date("2026-07-01T22:00:00Z"))
    }

    @Test func nextLogicalDatesOfADAG() throws {
        let paris = TimeZone(identifier: "Europe/Paris")!
        let nightly = try DAG("nightly", schedule: "30 2 * * 1-5", startDate: date("2026-12-23T00:00:00Z"),
                              endDate: date("2026-12-28T12:00:00Z"), timeZone: paris) { dag in
            dag.task("t", EmptyOperator())
        }
        // Read in Paris (UTC+1 in winter); from the start date on, weekdays only, up to the end date.
        #expect(try nightly.nextLogicalDates(after: date("2026-12-01T00:00:00Z"), count: 10) == [
            date("2026-12-23T01:30:00Z"), date("2026-12-24T01:30:00Z"), date("2026-12-25T01:30:00Z"),
            date("2026-12-28T01:30:00Z"),
        ])
        #expect(try nightly.nextLogicalDates(after: date("2026-12-24T01:30:00Z"), count: 2) == [
            date("2026-12-25T01:30:00Z"), date("2026-12-28T01:30:00Z"),
        ])
        let start = date("2026-01-01T00:00:00Z")
        let every90 = try DAG("every90", schedule: .every(.minutes(90)), startDate: start) { dag in
            dag.task("t", EmptyOperator())
        }
        #expect(try every90.nextLogicalDates(after: date("2026-01-01T02:00:00Z"), count: 2) == [
            date("2026-01-01T03:00:00Z"), date("2026-01-01T04:30:00Z"),
        ])
        let once = try DAG("once", schedule: .once, startDate: date("2026-06-01T00:00:00Z")) { dag in
            dag.task("t", EmptyOperator())
        }
        #expect(try once.nextLogicalDates(after: date("2026-01-01T00:00:00Z"), count: 3)
                == [date("2026-06-01T00:00:00Z")])
        #expect(try once.nextLogicalDates(after: date("2026-07-01T00:00:00Z"), count: 3).isEmpty)
        let manual = try DAG("manual") { dag in dag.task("t", EmptyOperator()) }
        #expect(try manual.nextLogicalDates(after: date("2026-01-01T00:00:00Z"), count: 3).isEmpty)
    }

    @Test func intervalsAndCatchup() throws {
        let start = date("2026-01-01T00:00:00Z")
        let every6h = Schedule.every(.hours(6))
        let due = try every6h.dueDates(from: start, through: date("2026-01-02T00:00:00Z"), catchup: true)
        #expect(due.count == 5)
        #expect(try every6h.dueDates(from: start, through: date("2026-01-02T00:00:00Z"), catchup: false)
                == [date("2026-01-02T00:00:00Z")])
        #expect(try Schedule.once.dueDates(from: start, through: date("2027-01-01T00:00:00Z"), catchup: true) == [start])
    }

    @Test(arguments: ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *",
                      "5-1 * * * *", "x * * * *"])
    func invalidExpressionsNameTheField(_ expression: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(expression) }
    }
}
