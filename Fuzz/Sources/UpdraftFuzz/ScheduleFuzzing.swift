import Foundation
import Updraft

/// Cron expressions.
enum ScheduleFuzzing {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

    static func cron(_ input: FuzzInput) {
        guard let expression = try? CronExpression(input.text) else { return }
        _ = expression.description
        // Europe/Berlin: the search crosses daylight-saving changes.
        guard let next = expression.nextDate(after: start, in: berlin) else { return }
        require(next > start, "'\(expression)' gave \(next), not after \(start)")
        guard let following = expression.nextDate(after: next, in: berlin) else { return }
        require(following > next, "'\(expression)' gave \(following), not after \(next)")
    }
}
