import Foundation
import Updraft

/// Runs `operation` against a deadline on `clock`; throws `timeout()` if the deadline passes first.
///
/// The timer runs in a child task while the operation waits on the network. A time-skipping test clock counts a
/// task's try as idle as soon as something in it sleeps on the clock, and would jump straight to the deadline while
/// the operation is still waiting for an answer. The timer therefore declares itself as work for as long as it
/// waits (`workBegan`/`workEnded`): time only moves when the test advances it, as for any operator doing I/O.
func withClockDeadline<T: Sendable>(
    _ deadline: Date, clock: any UpdraftClock, timeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            clock.workBegan()
            defer { clock.workEnded() }
            try await clock.sleep(until: deadline)
            return nil
        }
        defer { group.cancelAll() }
        while let first = try await group.next() {
            if let value = first { return value }
            throw timeout()
        }
        throw CancellationError()
    }
}
