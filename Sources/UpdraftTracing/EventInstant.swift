import Foundation
import Tracing

/// An event's date as a tracing instant (spans are timed by the run's clock, so a test clock gives exact times).
struct EventInstant: TracerInstant {
    let nanosecondsSinceEpoch: UInt64

    init(_ date: Date) {
        nanosecondsSinceEpoch = UInt64(max(0, (date.timeIntervalSince1970 * 1e9).rounded()))
    }

    static func < (lhs: EventInstant, rhs: EventInstant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}
