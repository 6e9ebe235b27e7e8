import Foundation

/// RFC 3339 times as the API writes them: `metav1.Time` (seconds) and log timestamps (nanoseconds).
enum KubernetesTime {
    /// Parses `2024-01-01T00:00:00Z` or with a fraction of any length and an offset.
    static func parse(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        // Nanosecond fractions are beyond the formatter: keep milliseconds.
        guard let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." })
        else { return nil }
        let digits = text[text.index(after: dot)..<end].prefix(3)
        return fractional.date(from: text[..<dot] + "." + digits + text[end...])
    }

    /// `2024-01-01T00:00:00Z` (seconds, UTC), as `sinceTime` expects.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
