import Foundation

/// Bounds a wait for an event in a test: the event normally arrives at once; the bound only turns a hang into a
/// failure. Never a fixed sleep: the result is returned as soon as it exists.
enum Deadline {
    struct Exceeded: Error, CustomStringConvertible {
        var limit: Duration
        var description: String { "nothing happened within \(limit)" }
    }

    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Exceeded(limit: limit) }
            return value
        }
    }

    /// Waits for the next signal of a change stream.
    static func nextSignal(_ signals: AsyncStream<Void>, limit: Duration = .seconds(20)) async throws {
        let woke = try await within(limit) {
            var iterator = signals.makeAsyncIterator()
            return await iterator.next() != nil
        }
        if !woke { throw Exceeded(limit: limit) }
    }
}
