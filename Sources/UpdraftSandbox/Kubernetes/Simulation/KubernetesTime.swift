import Foundation

/// The time formats of the Kubernetes API (kubernetes-api.md §7 and §1.6).
enum KubernetesTime {
    /// `metav1.Time`: RFC 3339 UTC, whole seconds (`2024-01-01T00:00:00Z`).
    static func seconds(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// `metav1.MicroTime`: six fractional digits (`2024-01-01T00:00:00.000000Z`).
    static func micro(_ date: Date) -> String {
        fractional(date, digits: 6)
    }

    /// The kubelet's log timestamp, `RFC3339NanoFixed`: always nine fractional digits.
    static func nano(_ date: Date) -> String {
        fractional(date, digits: 9)
    }

    /// Parses an RFC 3339 time with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    private static func fractional(_ date: Date, digits: Int) -> String {
        let wholeSeconds = date.timeIntervalSince1970.rounded(.down)
        let fraction = Int(((date.timeIntervalSince1970 - wholeSeconds) * 1e9).rounded(.down))
        let scaled = fraction / Int(pow(10, Double(9 - digits)))
        let padded = String(String(scaled).reversed()).padding(toLength: digits, withPad: "0", startingAt: 0)
        return String(seconds(Date(timeIntervalSince1970: wholeSeconds)).dropLast()) + "." + String(padded.reversed())
            + "Z"
    }
}
