/// The operation did not finish before its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var description: String { "deadline exceeded waiting for \(what)" }
}

/// Runs `operation`, failing with ``DeadlineExceeded`` if it takes longer than `seconds`; the timer is only a bound,
/// the test proceeds as soon as the awaited event happens.
func withDeadline<T: Sendable>(
    _ what: String, seconds: Int = 15, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw DeadlineExceeded(what: what)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded(what: what) }
        return first
    }
}
