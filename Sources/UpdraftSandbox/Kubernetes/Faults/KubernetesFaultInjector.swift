import Synchronization

/// The faults a test switched on for one simulator: queued error answers, slowed bodies and how compacted
/// watches are answered. Each fault is used up by the requests it matches.
final class KubernetesFaultInjector: Sendable {
    private struct State {
        var failures: [KubernetesInjectedFailure] = []
        var slowBodies: [KubernetesSlowBody] = []
        var watchExpiry = KubernetesWatchExpiry.errorEvent
    }

    private let state = Mutex(State())

    func inject(_ failure: KubernetesInjectedFailure) {
        guard failure.count > 0 else { return }
        state.withLock { $0.failures.append(failure) }
    }

    func slow(_ slowBody: KubernetesSlowBody) {
        guard slowBody.count > 0 else { return }
        state.withLock { $0.slowBodies.append(slowBody) }
    }

    func clearFailures() {
        state.withLock { $0.failures.removeAll() }
    }

    var watchExpiry: KubernetesWatchExpiry {
        get { state.withLock { $0.watchExpiry } }
        set { state.withLock { $0.watchExpiry = newValue } }
    }

    /// Uses up one matching injected failure, if any.
    func takeFailure(for request: SandboxHTTPRequest) -> KubernetesInjectedFailure? {
        state.withLock { state in
            guard let index = state.failures.firstIndex(where: { $0.matches(request) }) else { return nil }
            let failure = state.failures[index]
            if state.failures[index].count != Int.max { state.failures[index].count -= 1 }
            if state.failures[index].count == 0 { state.failures.remove(at: index) }
            return failure
        }
    }

    /// Uses up one matching slow-body fault, if any.
    func takeSlowBody(for request: SandboxHTTPRequest) -> KubernetesSlowBody? {
        state.withLock { state in
            guard let index = state.slowBodies.firstIndex(where: { $0.matches(request) }) else { return nil }
            let slowBody = state.slowBodies[index]
            state.slowBodies[index].count -= 1
            if state.slowBodies[index].count == 0 { state.slowBodies.remove(at: index) }
            return slowBody
        }
    }
}
