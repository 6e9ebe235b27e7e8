public import Foundation
import Synchronization

/// Lines a subprocess writes, read by a dedicated thread (blocking reads must not occupy the Swift concurrency
/// pool). Every line is kept; waiting for one is bounded by a deadline on a dispatch timer, never a sleep.
public final class LineInbox: Sendable {
    private struct Waiter {
        let id: UInt64
        let predicate: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct State {
        var lines: [String] = []
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var isClosed = false
    }

    private let state = Mutex(State())

    /// Reads `handle` line by line on a thread of its own until it ends.
    public init(reading handle: FileHandle) {
        let thread = Thread { [self] in
            var pending = Data()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    deliver(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            close()
        }
        thread.start()
    }

    /// Every line so far.
    public var lines: [String] { state.withLock { $0.lines } }

    /// The first line, seen or still to come, that satisfies `predicate`; `nil` if the process ends first or
    /// `timeout` passes.
    public func firstLine(within timeout: Duration = .seconds(30), where predicate: @escaping @Sendable (String) -> Bool)
        async -> String?
    {
        await withCheckedContinuation { continuation in
            let outcome: (ready: String??, id: UInt64) = state.withLock { state in
                if let line = state.lines.first(where: predicate) { return (.some(line), 0) }
                if state.isClosed { return (.some(nil), 0) }
                state.nextID += 1
                state.waiters.append(Waiter(id: state.nextID, predicate: predicate, continuation: continuation))
                return (.none, state.nextID)
            }
            if let ready = outcome.ready {
                continuation.resume(returning: ready)
                return
            }
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in expire(outcome.id) }
        }
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }

    private func deliver(_ line: String) {
        let matched = state.withLock { state in
            state.lines.append(line)
            let matched = state.waiters.filter { $0.predicate(line) }
            state.waiters.removeAll { $0.predicate(line) }
            return matched
        }
        for waiter in matched { waiter.continuation.resume(returning: line) }
    }

    private func close() {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }
}
