import Foundation
import Updraft

/// The pace of re-establishing a watch or log stream: the first retry at once, then an exponential backoff
/// (1 s doubling up to 30 s, like client-go's reflector) on the run's clock; any progress starts it over.
///
/// With an ``outageLimit`` it also bounds how long the stream may stay down: once failures have lasted that long
/// without any progress in between, ``failed(_:)`` throws ``KubernetesPodError/Kind/connectionLost``.
struct StreamReconnection {
    /// The delay before the second retry.
    static let initialDelay = Duration.seconds(1)
    /// The longest delay.
    static let maximumDelay = Duration.seconds(30)

    let clock: any UpdraftClock
    /// How long failures may last before giving up; `nil` never gives up (the watch decides for the log).
    let outageLimit: Duration?
    /// Names the pod in the outage error.
    let podName: String
    let namespace: String
    private var failingSince: Date?
    private var failures = 0

    init(clock: any UpdraftClock, outageLimit: Duration?, podName: String, namespace: String) {
        self.clock = clock
        self.outageLimit = outageLimit
        self.podName = podName
        self.namespace = namespace
    }

    /// The stream made progress (an event or a line arrived): the next failure is a first one again.
    mutating func progressed() {
        failingSince = nil
        failures = 0
    }

    /// An attempt failed with `error`: waits before the next one, or throws when the outage lasted too long.
    /// - Throws: ``KubernetesPodError`` (`connectionLost`) past ``outageLimit``; `CancellationError`.
    mutating func failed(_ error: any Error) async throws {
        try await wait(after: error, outage: true)
    }

    /// A stream ended cleanly at once without delivering anything (a proxy closing streams as they open): waits as
    /// after a failure, so such a server is not hammered, but without counting towards ``outageLimit``.
    mutating func endedEmpty() async throws {
        try await wait(after: nil, outage: false)
    }

    private mutating func wait(after error: (any Error)?, outage: Bool) async throws {
        let now = clock.now()
        let since = failingSince ?? now
        if outage { failingSince = since }
        failures += 1
        var wakeUp = now.adding(delay(beforeRetry: failures))
        if outage, let outageLimit, let error {
            let giveUp = since.adding(outageLimit)
            guard now < giveUp else {
                throw KubernetesPodError(
                    kind: .connectionLost, podName: podName, namespace: namespace,
                    message: "lost the API server for \(outageLimit.secondsText) while following the pod "
                        + "(\(failures) attempts); last error: \(error)")
            }
            wakeUp = min(wakeUp, giveUp)
        }
        if wakeUp > now { try await clock.sleep(until: wakeUp) }
        try Task.checkCancellation()
    }

    /// No wait before the first retry, then 1 s, 2 s, 4 s … up to 30 s.
    private func delay(beforeRetry retry: Int) -> Duration {
        guard retry > 1 else { return .zero }
        var delay = Self.initialDelay
        for _ in 2..<retry where delay < Self.maximumDelay { delay *= 2 }
        return min(delay, Self.maximumDelay)
    }
}
