public import Foundation
public import Updraft
import Synchronization

/// A clock for tests: time moves only when the test says so, or — with `autoAdvance` — jumps to the next deadline
/// as soon as no task is doing work, so a five-minute retry delay or a one-hour poll interval costs no wall time
/// and runs are deterministic.
///
/// Auto-advance follows the engine's work accounting (`UpdraftClock.workBegan()`): while any task try is running
/// code (not sleeping on this clock) time stands still, so a running task never sees another task's retry delay
/// as elapsed time. When everything is idle, the earliest sleeper is woken and time jumps to its deadline.
public final class ManualClock: UpdraftClock {
    private struct Waiter {
        var id: UInt64
        var deadline: Date
        var isTaskTry: Bool
        /// Nil for an armed timer nobody waits on yet.
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var now: Date
        var waiters: [Waiter] = []
        var busy = 0
        var nextID: UInt64 = 0
        var sleeperWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        /// Armed timers that fired before anyone waited on them.
        var firedTimers: Set<UInt64> = []
    }

    /// Whether time jumps to the next deadline whenever no work is in progress.
    public let autoAdvance: Bool
    private let state: Mutex<State>

    /// A clock starting at `now` (by default 2026-01-01 00:00 UTC).
    public init(now: Date = Date(timeIntervalSince1970: 1_767_225_600), autoAdvance: Bool = false) {
        self.autoAdvance = autoAdvance
        self.state = Mutex(State(now: now))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.waiters.count } }

    public func sleep(until deadline: Date) async throws {
        try await makeTimer(until: deadline).wait()
    }

    public func makeTimer(until deadline: Date) -> any ClockTimer {
        let isTaskTry = ClockWork.isTaskTry
        let (id, resumptions) = state.withLock { state -> (UInt64, [() -> Void]) in
            state.nextID += 1
            let id = state.nextID
            if deadline <= state.now {
                state.firedTimers.insert(id)
                // Due at once is fired at once: outside a task try its wake is work until handled, as in ``fire``.
                if !isTaskTry { state.busy += 1 }
                return (id, [])
            }
            state.waiters.append(Waiter(id: id, deadline: deadline, isTaskTry: isTaskTry, continuation: nil))
            return (id, notifyWatchers(&state))
        }
        for resume in resumptions { resume() }
        return Timer(clock: self, id: id)
    }

    /// A timer of this clock, registered when armed.
    private struct Timer: ClockTimer {
        let clock: ManualClock
        let id: UInt64

        func wait() async throws { try await clock.wait(for: id) }
    }

    private func wait(for id: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumptions = state.withLock { state -> [() -> Void] in
                    if state.firedTimers.remove(id) != nil { return [{ continuation.resume() }] }
                    guard let position = state.waiters.firstIndex(where: { $0.id == id }) else {
                        return [{ continuation.resume(throwing: CancellationError()) }]
                    }
                    if Task.isCancelled {
                        state.waiters.remove(at: position)
                        return [{ continuation.resume(throwing: CancellationError()) }]
                    }
                    state.waiters[position].continuation = continuation
                    if state.waiters[position].isTaskTry { state.busy -= 1 }
                    return advanceIfIdle(&state)
                }
                for resume in resumptions { resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let position = state.waiters.firstIndex(where: { $0.id == id && $0.continuation != nil })
                else { return nil }
                let waiter = state.waiters.remove(at: position)
                if waiter.isTaskTry { state.busy += 1 }
                return waiter
            }
            waiter?.continuation?.resume(throwing: CancellationError())
        }
    }

    public func workBegan() { state.withLock { $0.busy += 1 } }

    public func workEnded() {
        let resumptions = state.withLock { state -> [() -> Void] in
            state.busy -= 1
            return advanceIfIdle(&state)
        }
        for resume in resumptions { resume() }
    }

    /// Moves time forward by `duration`, waking every sleeper whose deadline is reached, earliest first.
    public func advance(by duration: Duration) { advance(to: now().adding(duration)) }

    /// Moves time to `date` (never backwards), waking every sleeper whose deadline is reached, earliest first.
    public func advance(to date: Date) {
        let resumptions = state.withLock { state -> [() -> Void] in
            var woken: [() -> Void] = []
            state.waiters.sort { $0.deadline < $1.deadline }
            while let first = state.waiters.first, first.deadline <= date {
                state.waiters.removeFirst()
                woken += fire(first, &state)
            }
            state.now = max(state.now, date)
            return woken
        }
        for resume in resumptions { resume() }
    }

    /// Suspends until at least `count` tasks are sleeping on this clock (event-driven, no polling).
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.waiters.count >= count { return true }
                state.sleeperWatchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func notifyWatchers(_ state: inout State) -> [() -> Void] {
        let count = state.waiters.count
        let due = state.sleeperWatchers.filter { $0.count <= count }
        state.sleeperWatchers.removeAll { $0.count <= count }
        return due.map { watcher in { watcher.continuation.resume() } }
    }

    /// With auto-advance and no work in progress: wake the earliest sleeper (only one; it counts as work until it
    /// is handled, so time never jumps past something that is about to react).
    private func advanceIfIdle(_ state: inout State) -> [() -> Void] {
        guard autoAdvance, state.busy <= 0, !state.waiters.isEmpty else { return [] }
        let position = state.waiters.indices.min { state.waiters[$0].deadline < state.waiters[$1].deadline } ?? 0
        // An armed timer is only idle time once its owner waits on it; a task about to wait keeps time still.
        guard state.waiters.allSatisfy({ $0.continuation != nil || !$0.isTaskTry }) else { return [] }
        let waiter = state.waiters.remove(at: position)
        state.now = max(state.now, waiter.deadline)
        return fire(waiter, &state)
    }

    /// Wakes a waiter (or marks an armed timer fired). Its wake counts as work until whoever handles it calls
    /// ``workEnded()``: a sleeping task try resumes its own count, an engine timer's result is handled by the
    /// engine, which releases it.
    private func fire(_ waiter: Waiter, _ state: inout State) -> [() -> Void] {
        state.busy += 1
        guard let continuation = waiter.continuation else {
            state.firedTimers.insert(waiter.id)
            return []
        }
        return [{ continuation.resume() }]
    }
}
