import Foundation

/// The `Date` header format of RFC 5322 §3.3, for example `Wed, 25 Nov 2026 10:34:29 +0000`.
enum RFC5322Date {
    static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
