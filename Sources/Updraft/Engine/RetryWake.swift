import Synchronization

/// The wait of a task for its retry: its clock timer, which a branch that skips the task can cut short, so a
/// skipped task never holds the run open until its retry delay is over.
final class RetryWake: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Void, Never>?)
        case cancelled
    }

    private let state = Mutex(State.waiting(nil))

    /// Waits for `timer` or ``cancel()``, whichever comes first; true when the timer fired (then the clock counts
    /// its wake as work until the engine handles it, even if a cancel came too).
    func wait(for timer: any ClockTimer) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await timer.wait()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                await self.cancelled()
                return false
            }
            var fired = false
            for await result in group {
                fired = fired || result
                group.cancelAll()
            }
            return fired
        }
    }

    /// Ends the wait without the timer.
    func cancel() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .cancelled
            return continuation
        }
        continuation?.resume()
    }

    /// Returns on ``cancel()`` or when the calling task is cancelled.
    private func cancelled() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard case .waiting = state else { return true }
                    if Task.isCancelled { return true }
                    state = .waiting(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            cancel()
        }
    }
}
