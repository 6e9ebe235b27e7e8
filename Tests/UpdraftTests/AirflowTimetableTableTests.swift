import Foundation
import Testing
@testable import Updraft

/// Every case of `Fixtures/airflow-timetables.json` — Airflow 3.3's own timetable classes driven the way its
/// scheduler drives them, written by `scripts/airflow-timetable-table.py` — gives the same runs in Updraft: logical
/// date, run after and data interval, on the days clocks change in Berlin, Sydney and New York.
@Suite struct AirflowTimetableTableTests {
    struct Table: Decodable {
        var airflow: String
        var cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var timetable: String
        var schedule: String
        var timeZone: String
        var startDate: String?
        var endDate: String?
        var catchup: Bool
        var now: String?
        var last: [String]?
        var requested: Int
        var runs: [[String]]
        var testDescription: String { name }
    }

    static let table: Table = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appending(path: "Fixtures/airflow-timetables.json")
        // A missing or unreadable table fails every case loudly (the data is committed with the tests).
        return (try? JSONDecoder().decode(Table.self, from: Data(contentsOf: url)))
            ?? Table(airflow: "missing table at \(url.path)", cases: [])
    }()

    @Test func theTableWasMadeWithAirflow33() {
        #expect(Self.table.airflow.hasPrefix("3.3."))
        #expect(Self.table.cases.count > 100)
    }

    @Test(arguments: table.cases)
    func updraftAgreesWithAirflow(_ row: Case) throws {
        let zone = try #require(TimeZone(identifier: row.timeZone))
        let timetable = try Self.timetable(row, zone: zone)
        let restriction = TimeRestriction(earliest: try row.startDate.map { try Self.local($0, zone) },
                                          latest: try row.endDate.map { try Self.local($0, zone) },
                                          catchup: row.catchup)
        let now = try row.now.map(Self.instant) ?? Self.instant("2030-01-01T00:00:00+00:00")
        var last = try row.last.map { DataInterval(start: try Self.instant($0[0]), end: try Self.instant($0[1])) }
        var produced: [[String]] = []
        for _ in 0..<row.requested {
            guard let info = timetable.nextRun(after: last, restriction: restriction, now: now) else { break }
            produced.append([info.logicalDate, info.runAfter, info.dataInterval.start, info.dataInterval.end]
                .map(Self.text))
            last = info.dataInterval
        }
        #expect(produced == row.runs)
    }

    static func timetable(_ row: Case, zone: TimeZone) throws -> Timetable {
        switch row.timetable {
        case "cronTrigger": .cronTrigger(try #require(try Schedule(stringLiteral: row.schedule).cronExpression()),
                                         timeZone: zone)
        case "cronDataInterval": .cronDataInterval(
            try #require(try Schedule(stringLiteral: row.schedule).cronExpression()), timeZone: zone)
        case "deltaTrigger": .deltaTrigger(.seconds(try #require(Double(row.schedule))))
        case "deltaDataInterval": .deltaDataInterval(.seconds(try #require(Double(row.schedule))))
        case "once": .once
        default: throw TableError(message: "unknown timetable \(row.timetable)")
        }
    }

    struct TableError: Error {
        var message: String
    }

    /// A wall-clock reading in `zone`, as `pendulum.parse(text, tz=zone)` reads it.
    static func local(_ text: String, _ zone: TimeZone) throws -> Date {
        WallClock(timeZone: zone).aware(try instant(text + "+00:00"))
    }

    static func instant(_ text: String) throws -> Date {
        try Date.ISO8601FormatStyle().parse(text)
    }

    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)).replacingOccurrences(of: "Z", with: "+00:00")
    }
}
