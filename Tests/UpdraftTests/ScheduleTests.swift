import Foundation
import Testing
@testable import Updraft

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
        // 02:30 local does not exist on 2026-03-29 (clocks jump 02:00 → 03:00): as in Airflow, the run moves to
        // 03:30 that day (the full comparison with Airflow is AirflowTimetableTableTests).
        let next = try Schedule.cron("30 2 * * *").nextFireDate(after: date("2026-03-28T12:00:00Z"), in: paris)
        #expect(next == date("2026-03-29T01:30:00Z"))
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
        #expect(nightly.nextLogicalDates(after: date("2026-12-01T00:00:00Z"), count: 10) == [
            date("2026-12-23T01:30:00Z"), date("2026-12-24T01:30:00Z"), date("2026-12-25T01:30:00Z"),
            date("2026-12-28T01:30:00Z"),
        ])
        #expect(nightly.nextLogicalDates(after: date("2026-12-24T01:30:00Z"), count: 2) == [
            date("2026-12-25T01:30:00Z"), date("2026-12-28T01:30:00Z"),
        ])
        let start = date("2026-01-01T00:00:00Z")
        let every90 = try DAG("every90", schedule: .every(.minutes(90)), startDate: start) { dag in
            dag.task("t", EmptyOperator())
        }
        #expect(every90.nextLogicalDates(after: date("2026-01-01T02:00:00Z"), count: 2) == [
            date("2026-01-01T03:00:00Z"), date("2026-01-01T04:30:00Z"),
        ])
        let once = try DAG("once", schedule: .once, startDate: date("2026-06-01T00:00:00Z")) { dag in
            dag.task("t", EmptyOperator())
        }
        #expect(once.nextLogicalDates(after: date("2026-01-01T00:00:00Z"), count: 3)
                == [date("2026-06-01T00:00:00Z")])
        #expect(once.nextLogicalDates(after: date("2026-07-01T00:00:00Z"), count: 3).isEmpty)
        let manual = try DAG("manual") { dag in dag.task("t", EmptyOperator()) }
        #expect(manual.nextLogicalDates(after: date("2026-01-01T00:00:00Z"), count: 3).isEmpty)
    }

    @Test func catchupCreatesEveryMissedRunAndNoCatchupOnlyTheLatest() throws {
        let start = date("2026-01-01T00:00:00Z")
        let hourly = Timetable.cronTrigger(try CronExpression("0 * * * *"), timeZone: utc)
        var last: DataInterval?
        var logicalDates: [Date] = []
        let catchup = TimeRestriction(earliest: start, latest: date("2026-12-31T23:00:00Z"), catchup: true)
        while let next = hourly.nextRun(after: last, restriction: catchup, now: date("2027-06-01T00:00:00Z")) {
            logicalDates.append(next.logicalDate)
            last = next.dataInterval
        }
        #expect(logicalDates.count == 8_760)
        #expect(logicalDates.first == start)
        #expect(zip(logicalDates, logicalDates.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3_600 })
        let noCatchup = TimeRestriction(earliest: start, latest: nil, catchup: false)
        let now = date("2026-06-10T10:17:00Z")
        #expect(hourly.nextRun(after: nil, restriction: noCatchup, now: now)?.logicalDate == date("2026-06-10T10:00:00Z"))
        let data = Timetable.cronDataInterval(try CronExpression("0 * * * *"), timeZone: utc)
        let info = try #require(data.nextRun(after: nil, restriction: noCatchup, now: now))
        #expect(info.dataInterval == DataInterval(start: date("2026-06-10T09:00:00Z"), end: date("2026-06-10T10:00:00Z")))
        #expect(info.runAfter == date("2026-06-10T10:00:00Z"))
        #expect(Timetable.once.nextRun(after: nil, restriction: noCatchup, now: now)?.logicalDate == start)
        #expect(Timetable.once.nextRun(after: info.dataInterval, restriction: noCatchup, now: now) == nil)
    }

    @Test func dagsPickTheirTimetableFromTheScheduleAndTheSetting() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        func dag(_ schedule: Schedule, dataIntervals: Bool? = nil) throws -> DAG {
            try DAG("d", schedule: schedule, timeZone: berlin, createDataIntervals: dataIntervals) { dag in
                dag.task("t", EmptyOperator())
            }
        }
        #expect(try dag("0 2 * * *").timetable == .cronTrigger(try CronExpression("0 2 * * *"), timeZone: berlin))
        #expect(try dag("@daily", dataIntervals: true).timetable
                == .cronDataInterval(try CronExpression("0 0 * * *"), timeZone: berlin))
        #expect(try dag(.every(.hours(1))).timetable == .deltaTrigger(.hours(1)))
        #expect(try dag(.every(.hours(1)), dataIntervals: true).timetable == .deltaDataInterval(.hours(1)))
        #expect(try dag(.manual).timetable == .manual)
        #expect(try dag(.once).timetable == .once)
        #expect(DAG.createDataIntervalsSetting(environment: ["AIRFLOW__SCHEDULER__CREATE_CRON_DATA_INTERVALS": "True"]))
        #expect(!DAG.createDataIntervalsSetting(environment: [:]))
        #expect(throws: DAGError.self) { try dag(.every(.zero)) }
    }

    @Test(arguments: ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *",
                      "5-1 * * * *", "x * * * *"])
    func invalidExpressionsNameTheField(_ expression: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(expression) }
    }
}
