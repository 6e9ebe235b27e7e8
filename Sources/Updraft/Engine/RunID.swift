public import Foundation

/// Run ids: what a caller may choose, and the ids the engine makes for runs started without one.
///
/// A run id names a run within its DAG and becomes a directory name (`run_id=…`) under the task log directory, so
/// it follows Airflow's default `[scheduler] allowed_run_id_pattern`, `^[A-Za-z0-9_.~:+-]+$`, within Airflow's 250
/// characters (`ID_LEN`).
public enum RunID {
    /// The characters a run id may contain, as in Airflow's default `allowed_run_id_pattern`.
    public static let allowedPattern = "^[A-Za-z0-9_.~:+-]+$"
    /// The longest run id (Airflow's `ID_LEN`).
    public static let maxLength = 250

    /// Why `runID` is not a valid run id, or nil when it is.
    public static func problem(with runID: String) -> String? {
        if runID.isEmpty { return "a run id cannot be empty" }
        if runID.utf8.count > maxLength {
            return "run id '\(runID.prefix(40))…' is \(runID.utf8.count) characters long; the limit is \(maxLength)"
        }
        if let bad = runID.unicodeScalars.first(where: { !isAllowed($0) }) {
            let shown = bad.properties.generalCategory == .control ? "U+\(String(bad.value, radix: 16, uppercase: true))"
                                                                    : "'\(bad)'"
            return "run id '\(runID)' contains \(shown); allowed: letters A-Z a-z, digits and _ . ~ : + - "
                + "(Airflow's allowed_run_id_pattern \(allowedPattern))"
        }
        return nil
    }

    /// Whether `runID` is a valid run id.
    public static func isValid(_ runID: String) -> Bool { problem(with: runID) == nil }

    /// The id of a run triggered at `date` (Airflow 3's `DagRun.generate_run_id` for a manual run):
    /// `manual__2026-01-31T06:00:00.123456+00:00`, in UTC with microseconds.
    public static func manual(triggeredAt date: Date) -> String {
        "manual__" + UTCTimestamp.format(date, suffix: "+00:00")
    }

    /// The id of a scheduled run for `logicalDate` (Airflow's `scheduled__<logical date>`, as Python's
    /// `isoformat` writes it: `scheduled__2026-06-10T10:00:00+00:00`, microseconds only when there are some).
    public static func scheduled(logicalDate: Date) -> String { "scheduled__" + isoformat(logicalDate) }

    /// The id of a backfill run for `logicalDate` (`backfill__<logical date>`).
    public static func backfill(logicalDate: Date) -> String { "backfill__" + isoformat(logicalDate) }

    /// `date` as Python's `datetime.isoformat()` writes an aware UTC date.
    private static func isoformat(_ date: Date) -> String {
        let text = UTCTimestamp.format(date, suffix: "+00:00")
        return text.replacingOccurrences(of: ".000000+00:00", with: "+00:00")
    }

    /// `base` with Airflow's random suffix for an id that must be unique (`get_random_string`: `_` and 8 letters
    /// or digits), used when `base` is taken.
    static func withRandomSuffix(_ base: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return base + "_" + String((0..<8).map { _ in alphabet.randomElement() ?? "x" })
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "~", ":", "+", "-": true
        default: false
        }
    }
}
