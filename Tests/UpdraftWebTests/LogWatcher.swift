import Logging
import Synchronization

/// A log handler that lets a test wait until the server has logged a message.
final class LogWatcher: LogHandler, Sendable {
    private let expected: String
    private let state = Mutex<(seen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init(waitingFor message: String) {
        expected = message
    }

    /// Returns once the message has been logged, or when the calling task is cancelled.
    func seen() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.seen || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            resumeWaiters()
        }
    }

    private func resumeWaiters(markingSeen: Bool = false) {
        let waiters = state.withLock { state in
            if markingSeen { state.seen = true }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func log(event: LogEvent) {
        guard event.message.description.contains(expected) else { return }
        resumeWaiters(markingSeen: true)
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
}
