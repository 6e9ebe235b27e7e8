import Foundation
import Updraft

/// Dates in columns: `timestamptz` through PostgresNIO, or microseconds inside a batch's JSON document (JSON values
/// and states: ``StoredValues``, cast to `json` by the SQL).
enum PostgresValues {
    /// Microseconds since the Unix epoch, computed exactly as PostgresNIO encodes a bound `Date` (truncated
    /// microseconds since 2000), so a date written through a batch document and one bound directly are stored alike.
    static func microseconds(_ date: Date?) -> Int64? {
        guard let date else { return nil }
        return Int64(date.timeIntervalSince(postgresEpoch) * 1_000_000) + postgresEpochMicroseconds
    }

    /// The SQL of a `timestamptz` from a microseconds expression (NULL stays NULL).
    static func timestamp(_ microseconds: String) -> String {
        "(timestamptz 'epoch' + \(microseconds) * interval '1 microsecond')"
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)
    private static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000
}
