public import Foundation
import Synchronization

/// What a scheduler shows of its health, for `/health` and liveness probes: when its loop last made a decision and
/// whether it is running. The loop beats after every decision, and at least every
/// ``ServiceConfiguration/wallClockRecheck`` on a real clock, so a probe can tell a stuck scheduler from an idle one.
public final class SchedulerHeartbeat: Sendable {
    private struct State {
        var lastBeat: Date?
        var running = false
        var lastError: String?
    }

    private let state = Mutex(State())

    /// A heartbeat that has not beaten yet.
    public init() {}

    /// When the scheduler last decided what to run; nil before it started.
    public var lastBeat: Date? { state.withLock { $0.lastBeat } }
    /// Whether the scheduler's loop is running.
    public var isRunning: Bool { state.withLock { $0.running } }
    /// The last error the loop met talking to the store (masked), nil once a later decision succeeded.
    public var lastError: String? { state.withLock { $0.lastError } }

    func beat(at date: Date, error: String? = nil) {
        state.withLock { state in
            state.lastBeat = date
            state.lastError = error
        }
    }

    func setRunning(_ running: Bool) { state.withLock { $0.running = running } }
}
