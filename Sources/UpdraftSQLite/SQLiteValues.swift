import Foundation
import GRDB
import Updraft

/// Dates as Unix seconds in columns (JSON values and states: ``StoredValues``).
enum SQLiteValues {
    static func seconds(_ date: Date?) -> Double? { date?.timeIntervalSince1970 }

    static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }
}
