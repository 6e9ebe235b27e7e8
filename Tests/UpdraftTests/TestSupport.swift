import Foundation
import Synchronization
import Updraft
import UpdraftTesting

/// A thread-safe counter and high-water mark for observing concurrency in tests.
final class Gauge: Sendable {
    private let state = Mutex((current: 0, peak: 0, total: 0))

    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current); $0.total += 1 } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var total: Int { state.withLock { $0.total } }
}

/// Sleeps on the context's clock for `duration`, then returns `result`; records its kills.
struct SleepingOperator: Operator {
    var duration: Duration
    var kills: CallRecorder<String>
    var gauge: Gauge? = nil

    func execute(context: TaskContext) async throws -> String {
        gauge?.enter()
        defer { gauge?.leave() }
        try await context.clock.sleep(for: duration)
        return "slept"
    }

    func onKill(context: TaskContext) async {
        kills.record(context.taskID)
    }
}

/// A ``SleepingOperator`` whose tries start on the engine's thread (`startsImmediately`).
struct ImmediateSleepingOperator: Operator {
    var sleeping: SleepingOperator

    static var startsImmediately: Bool { true }

    func execute(context: TaskContext) async throws -> String { try await sleeping.execute(context: context) }

    func onKill(context: TaskContext) async { await sleeping.onKill(context: context) }
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

/// Records alerts instead of mailing them.
struct RecordingAlertHook: AlertHook {
    let alerts = CallRecorder<TaskAlert>()
    func send(_ alert: TaskAlert) async throws { alerts.record(alert) }
}
