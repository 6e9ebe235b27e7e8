import Foundation
import Logging
import Synchronization
import Updraft

/// Streams the base container's log into the task log while the container runs.
///
/// Lines are requested with timestamps; when a stream ends while the container still runs (API server restart,
/// stalled connection) it reconnects from the last timestamp and drops the lines it already delivered, so nothing
/// is printed twice. It never outlives the container: once the watch reports the container ended, the stream is
/// expected to end by itself, and the operator bounds that wait (issue §7 #1: hanging log streams).
final class PodLogFollower: Sendable {
    private struct Position {
        /// The timestamp of the last delivered line (RFC 3339, nine fractional digits: sorts as text).
        var lastTimestamp: String?
        /// How many delivered lines carry exactly ``lastTimestamp``.
        var linesAtLast = 0
    }

    /// Connection attempts in a row that deliver nothing before following is abandoned (the final catch-up
    /// still fetches what was missed).
    static let maximumFruitlessAttempts = 5

    let hook: any KubernetesHook
    let name: String
    let namespace: String
    let container: String
    let logger: Logger
    let clock: any UpdraftClock
    private let position = Mutex(Position())
    private let delivered = Atomic<Int>(0)

    /// How long a log stream that ended cleanly may precede the watch's report that the container ended before
    /// the log is re-requested (a follow stream normally ends only because the container did).
    static let endConfirmationSeconds: TimeInterval = 5

    init(hook: any KubernetesHook, name: String, namespace: String, container: String, logger: Logger,
         clock: any UpdraftClock) {
        self.clock = clock
        self.hook = hook
        self.name = name
        self.namespace = namespace
        self.container = container
        self.logger = logger
    }

    /// How many lines went to the task log.
    var lineCount: Int { delivered.load(ordering: .relaxed) }

    /// Follows the log until it ends after the container ended (as told by `progress`), or cancellation.
    func follow(until progress: PodProgress, check: PodStartupCheck) async {
        var fruitless = 0
        while !Task.isCancelled {
            let before = lineCount
            do {
                try await read(follow: true)
                // Ended cleanly: most likely the container ended and the watch is about to say so.
                _ = try await withClockDeadline(
                    clock.now().addingTimeInterval(Self.endConfirmationSeconds), clock: clock,
                    timeout: { CancellationError() }) { try await progress.wait(until: check.hasFinished) }
                return
            } catch {
                if Task.isCancelled { return }
                logger.debug("log stream of \(container) ended before the container: \(error)")
            }
            if check.hasFinished(progress.pod) { return }
            fruitless = lineCount == before ? fruitless + 1 : 0
            if fruitless >= Self.maximumFruitlessAttempts {
                logger.warning("stopped following the log of \(name)/\(container) after \(fruitless) empty attempts")
                return
            }
        }
    }

    /// Reads what was logged since the last delivered line, without following (after an abandoned stream).
    func catchUp() async {
        do {
            try await read(follow: false)
        } catch {
            logger.warning("could not read the rest of the log of \(name)/\(container): \(error)")
        }
    }

    private func read(follow: Bool) async throws {
        let since = position.withLock { $0.lastTimestamp }.map { String($0.prefix(19)) + "Z" }
        let lines = try await hook.podLogs(
            name: name, namespace: namespace,
            options: PodLogOptions(container: container, follow: follow, timestamps: true, sinceTime: since))
        var replayed = position.withLock { $0.linesAtLast }
        for try await line in lines {
            guard let text = accept(line, replayed: &replayed) else { continue }
            logger.info("[\(container)] \(text)")
            delivered.add(1, ordering: .relaxed)
        }
    }

    /// The text of `line` if it was not delivered before. `replayed` counts down the lines stamped with the last
    /// delivered timestamp that a reconnection sends again.
    private func accept(_ line: String, replayed: inout Int) -> String? {
        guard let space = line.firstIndex(of: " "), line.first?.isNumber == true,
            line[..<space].contains("T")
        else { return line }
        let timestamp = String(line[..<space])
        let text = String(line[line.index(after: space)...])
        return position.withLock { position -> String? in
            if let last = position.lastTimestamp {
                if timestamp < last { return nil }
                if timestamp == last {
                    if replayed > 0 {
                        replayed -= 1
                        return nil
                    }
                    position.linesAtLast += 1
                    return text
                }
            }
            position.lastTimestamp = timestamp
            position.linesAtLast = 1
            replayed = 0
            return text
        }
    }
}
