public import Foundation

/// Durations as people read them: `420ms`, `3.2s`, `1m 05s`, `2h 03m`.
public enum DurationText {
    /// `seconds` in the shortest readable form.
    public static func format(_ seconds: TimeInterval) -> String {
        let value = max(seconds, 0)
        if value < 1 { return "\(Int((value * 1000).rounded()))ms" }
        if value < 60 { return String(format: "%.1fs", value) }
        let whole = Int(value)
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60)
    }

    /// `seconds` as a running clock, `mm:ss` or `h:mm:ss`.
    public static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(max(seconds, 0))
        if whole < 3600 { return String(format: "%02d:%02d", whole / 60, whole % 60) }
        return String(format: "%d:%02d:%02d", whole / 3600, whole % 3600 / 60, whole % 60)
    }

    /// The UTC time of day with milliseconds (`10:42:07.125`), as log lines are shown in the report and the web UI.
    public static func timeOfDay(_ date: Date) -> String {
        let full = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        guard let start = full.firstIndex(of: "T") else { return full }
        return String(full[full.index(after: start)...].prefix { $0 != "Z" })
    }
}
