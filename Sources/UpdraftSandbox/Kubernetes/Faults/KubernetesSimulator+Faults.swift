extension KubernetesSimulator {
    /// The text of the unfinished log line a cut log stream ends with (``cutStreams(_:)``); a client that prints it
    /// printed a line that was never logged.
    public static let cutLogFragment = "partial line cut by the sandbox"

    /// Makes the next `failure.count` requests matching `failure` fail with its status (after authentication, as
    /// the API server's overload filters run). Failures queue: the first one that matches a request is used.
    public func inject(_ failure: KubernetesInjectedFailure) {
        faults.inject(failure)
    }

    /// Forgets every injected failure still queued (the end of an outage).
    public func clearInjectedFailures() {
        faults.clearFailures()
    }

    /// Makes the next `slowBody.count` answers matching it trickle in small pieces.
    public func slowDown(_ slowBody: KubernetesSlowBody) {
        faults.slow(slowBody)
    }

    /// Ends every open watch and followed log stream cleanly while the pods keep running, as an API server restart
    /// or a proxy's idle timeout does: clients must notice and resume (from their last resourceVersion or timestamp).
    public func interruptStreams() {
        store.endAllStreams()
    }

    /// Ends every open watch cleanly (followed logs go on), as the API server does when a watch's timeout is up:
    /// clients resume from their last resourceVersion, which fails with 410 after ``compactHistory(answering:)``.
    public func interruptWatches() {
        store.endAllStreams(includingLogs: false)
    }

    /// Cuts every open watch and followed log stream mid-response while the pods keep running: each gets the first
    /// half of a line (no newline), then the connection is dropped without the final chunk — what a load balancer
    /// resetting long streams does. libcurl reports `transfer closed with outstanding read data remaining`
    /// (``SandboxStreamCut/Mode/close``) or a reset (``SandboxStreamCut/Mode/reset``).
    /// - Returns: How many streams were cut.
    @discardableResult
    public func cutStreams(_ mode: SandboxStreamCut.Mode = .close) -> Int {
        store.cutAllStreams(mode, logFragment: Self.cutLogFragment)
    }

    /// Compacts the change history, as etcd compaction does on a real cluster (other objects changed meanwhile, so
    /// the global resourceVersion moves on): from now on a watch resuming from any earlier resourceVersion is
    /// refused with 410 `Expired`, answered as `answer` says. A fresh list gives a resourceVersion to watch from.
    /// Open watches are not affected: the fault shows when a client resumes one.
    /// - Returns: The resourceVersion a fresh list now reports.
    @discardableResult
    public func compactHistory(answering answer: KubernetesWatchExpiry = .errorEvent) -> Int {
        faults.watchExpiry = answer
        return store.compactHistory()
    }
}
