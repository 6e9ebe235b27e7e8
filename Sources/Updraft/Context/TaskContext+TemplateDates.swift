public import Foundation

/// Airflow's date strings of the run, as its templates offer them (`{{ ds }}`, `{{ ts_nodash }}`…), from the
/// logical date in UTC.
extension TaskContext {
    /// `2026-01-31` (Airflow's `ds`).
    public var ds: String { Self.format(logicalDate, "yyyy-MM-dd") }
    /// `20260131` (Airflow's `ds_nodash`).
    public var dsNodash: String { Self.format(logicalDate, "yyyyMMdd") }
    /// `2026-01-31T06:00:00+00:00` (Airflow's `ts`, the logical date's ISO 8601 form).
    public var ts: String { Self.format(logicalDate, "yyyy-MM-dd'T'HH:mm:ss") + "+00:00" }
    /// `20260131T060000` (Airflow's `ts_nodash`).
    public var tsNodash: String { Self.format(logicalDate, "yyyyMMdd'T'HHmmss") }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
