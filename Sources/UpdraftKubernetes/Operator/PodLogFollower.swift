import Foundation
import Logging
import Synchronization
import Updraft

/// Streams the base container's log into the task log while the container runs.
///
/// Lines are requested with timestamps. When a stream is cut (reset, `transfer closed with outstanding read data`,
/// a TLS alert) or ends while the container still runs, it reconnects from the last timestamp (``PodLogCursor``)
/// with ``StreamReconnection``'s backoff and drops the lines it already delivered, so nothing is printed twice or
/// lost. It never fails the task (the watch decides whether the API is gone for good) and never outlives the
/// container: once the watch reports the container ended, the stream is expected to end by itself, and the
/// operator bounds that wait.
final class PodLogFollower: Sendable {
    let hook: any KubernetesHook
    let name: String
    let namespace: String
    let container: String
    let logger: Logger
    let clock: any UpdraftClock
    private let cursor: Mutex<PodLogCursor>
    private let delivered = Atomic<Int>(0)
    /// Told the cursor after each delivered line (the operator checkpoints it in the run store).
    private let advanced: (@Sendable (PodLogCursor) -> Void)?

    /// How long a log stream that ended cleanly may precede the watch's report that the container ended before
    /// the log is re-requested (a follow stream normally ends only because the container did).
    static let endConfirmation = Duration.seconds(5)

    init(hook: any KubernetesHook, name: String, namespace: String, container: String, logger: Logger,
         clock: any UpdraftClock, cursor: PodLogCursor = PodLogCursor(),
         advanced: (@Sendable (PodLogCursor) -> Void)? = nil) {
        self.advanced = advanced
        self.clock = clock
        self.hook = hook
        self.name = name
        self.namespace = namespace
        self.container = container
        self.logger = logger
        self.cursor = Mutex(cursor)
    }

    /// How many lines went to the task log.
    var lineCount: Int { delivered.load(ordering: .relaxed) }

    /// Where the log was read up to.
    var position: PodLogCursor { cursor.withLock { $0 } }

    /// Follows the log until it ends after the container ended (as told by `progress`), or cancellation.
    func follow(until progress: PodProgress, check: PodStartupCheck) async {
        var reconnection = StreamReconnection(clock: clock, outageLimit: nil, podName: name, namespace: namespace)
        while !Task.isCancelled {
            let before = lineCount
            let interruption: any Error
            do {
                try await read(follow: true)
                // Ended cleanly: most likely the container ended and the watch is about to say so.
                if await containerEnded(progress, check: check) { return }
                interruption = KubernetesStreamError(
                    request: "GET log of \(name)", reason: "the stream ended while the container runs")
            } catch {
                if Task.isCancelled { return }
                interruption = error
            }
            if check.hasFinished(progress.pod) {
                // It ended while the stream was down: fetch what it printed meanwhile.
                await catchUp()
                return
            }
            logger.warning(
                "the log stream of \(name)/\(container) was interrupted (\(interruption)); resuming after \(position.lastTimestamp ?? "the start")")
            if lineCount > before { reconnection.progressed() }
            do {
                try await reconnection.failed(interruption)
            } catch {
                return  // cancelled
            }
        }
    }

    /// Reads what was logged since the last delivered line, without following (after the container ended).
    func catchUp() async {
        do {
            try await read(follow: false)
        } catch {
            logger.warning("could not read the rest of the log of \(name)/\(container): \(error)")
        }
    }

    /// Whether the watch confirms the container ended within ``endConfirmation`` (or the following failed).
    private func containerEnded(_ progress: PodProgress, check: PodStartupCheck) async -> Bool {
        do {
            _ = try await withClockDeadline(clock.now().adding(Self.endConfirmation), clock: clock,
                                            timeout: { CancellationError() }) {
                try await progress.wait(until: check.hasFinished)
            }
            return true
        } catch is CancellationError {
            return Task.isCancelled
        } catch {
            return true  // the watch failed: the task is ending anyway
        }
    }

    private func read(follow: Bool) async throws {
        let start = position
        let lines = try await hook.podLogs(
            name: name, namespace: namespace,
            options: PodLogOptions(container: container, follow: follow, timestamps: true, sinceTime: start.sinceTime))
        var replayed = start.linesAtLastTimestamp
        for try await line in lines {
            guard let text = accept(line, replayed: &replayed) else { continue }
            logger.info("[\(container)] \(text)")
            delivered.add(1, ordering: .relaxed)
            advanced?(position)
        }
    }

    /// The text of `line` if it was not delivered before.
    private func accept(_ line: String, replayed: inout Int) -> String? {
        guard let space = line.firstIndex(of: " "), line.first?.isNumber == true, line[..<space].contains("T")
        else { return line }
        let timestamp = String(line[..<space])
        let text = String(line[line.index(after: space)...])
        return cursor.withLock { $0.accepts(timestamp, replayed: &replayed) } ? text : nil
    }
}
