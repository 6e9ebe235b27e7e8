import Foundation
import UpdraftPostgres

/// Waiting on the shared database: a condition checked now and at each change signal (run changes notify every
/// process on the database through LISTEN/NOTIFY), with a bound.
enum StoreWatch {
    /// Waits until `condition` holds, for at most `limit`; returns when it first held (nil: it never did).
    static func until(_ store: PostgresRunStore, within limit: Duration,
                      _ condition: @escaping @Sendable () async throws -> Bool) async -> ContinuousClock.Instant? {
        let signals = store.changeSignals()
        return await withTaskGroup(of: ContinuousClock.Instant?.self) { group in
            group.addTask {
                if (try? await condition()) == true { return .now }
                for await _ in signals {
                    if (try? await condition()) == true { return .now }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)  // the bound only
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
