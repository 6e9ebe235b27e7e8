import Synchronization

/// Records the calls a mock hook receives, for assertions, and lets a test wait for them without sleeping.
///
/// ```swift
/// let calls = CallRecorder<HTTPHookRequest>()
/// calls.record(request)
/// await calls.waitForCount(2)
/// #expect(calls.all.count == 2)
/// ```
public final class CallRecorder<Call: Sendable>: Sendable {
    private struct State {
        var calls: [Call] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// An empty recorder.
    public init() {}

    /// Records one call.
    public func record(_ call: Call) {
        let due = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.calls.append(call)
            let count = state.calls.count
            let due = state.watchers.filter { $0.count <= count }.map(\.continuation)
            state.watchers.removeAll { $0.count <= count }
            return due
        }
        for continuation in due { continuation.resume() }
    }

    /// Every call so far, in order.
    public var all: [Call] { state.withLock { $0.calls } }

    /// How many calls so far.
    public var count: Int { state.withLock { $0.calls.count } }

    /// Suspends until at least `count` calls were recorded.
    public func waitForCount(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.calls.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
