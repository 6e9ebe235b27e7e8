import Foundation
import Logging
import Updraft

/// One try of a ``KubernetesPodOperator``: find or create the pod (or take the one given), follow it, decide the
/// outcome, clean up — once, and in the order things happen.
///
/// API calls of a normal run: list (reattach), create, one watch, one log stream, delete — 5 requests.
struct PodRun: Sendable {
    let op: KubernetesPodOperator
    let hook: any KubernetesHook
    let context: TaskContext
    let request: Pod

    var namespace: String { request.metadata.namespace ?? "default" }
    private var check: PodStartupCheck { PodStartupCheck(baseContainer: op.baseContainerName) }

    /// Runs the try: follows `existing` (from the log position `logCursor`) when given, else the pod found by
    /// reattachment or created now.
    func run(existing: Pod? = nil, logCursor: PodLogCursor = PodLogCursor()) async throws -> JSONValue? {
        defer { PodTryRegistry.end(context) }
        var pod: Pod
        var logCursor = logCursor
        if let existing {
            pod = existing
        } else if let interrupted = context.interruptedWork.flatMap(PodHandle.init) {
            switch try await reattach(interrupted) {
            case .follow(let found):
                pod = found
                logCursor = interrupted.logCursor
            case .finished(.succeeded):
                context.logger.info("pod \(interrupted.namespace)/\(interrupted.name) had succeeded before the restart")
                return nil
            case .finished(.failed):
                throw KubernetesPodError(kind: .podFailed, podName: interrupted.name, namespace: interrupted.namespace,
                                         message: "had failed before the process running the task stopped")
            case .gone:
                pod = try await findOrCreate()
            }
        } else {
            pod = try await findOrCreate()
        }
        let name = pod.metadata.name ?? ""
        // A pod this try follows without having created it (reattached, resumed) is recorded as its own too.
        try await record(handle(for: name))
        PodTryRegistry.set(.following(name: name, namespace: namespace), for: context)
        try? await context.xcom.push(name, key: "pod_name")
        try? await context.xcom.push(namespace, key: "pod_namespace")
        let final: Pod
        do {
            final = try await follow(pod, name: name, logCursor: logCursor)
        } catch {
            if Task.isCancelled || error is CancellationError {
                // Cancelled or timed out: the pod must not outlive the task.
                await withCancellationShield { [self] in await deleteAfterKill(name) }
                throw error
            }
            throw await failed(name, error)
        }
        return try await finish(final, name: name)
    }

    // MARK: Steps

    private func findOrCreate() async throws -> Pod {
        if op.reattachOnRestart, let existing = try await PodReattachment(run: self).find() { return existing }
        var attempt = request
        for _ in 0..<2 {
            do {
                return try await create(attempt)
            } catch let error as KubernetesAPIError where error.statusCode == 409 && op.randomNameSuffix {
                // A random-suffix collision: pick another name once.
                attempt.metadata.name = PodIdentity.podName(name: op.name, taskID: context.taskID, randomSuffix: true)
                continue
            }
        }
        return try await create(attempt)
    }

    private func create(_ pod: Pod) async throws -> Pod {
        // Write-ahead: the store knows the pod before it exists, so a resume after a crash finds it.
        try await record(handle(for: pod.metadata.name ?? ""))
        PodTryRegistry.set(.creating, for: context)
        let created = try await hook.createPod(pod, namespace: namespace)
        context.logger.info("created pod \(namespace)/\(created.metadata.name ?? "") with image \(op.image ?? "")")
        return created
    }

    /// Follows the pod with a watch until its base container ended, streaming the log meanwhile.
    private func follow(_ pod: Pod, name: String, logCursor: PodLogCursor) async throws -> Pod {
        let progress = PodProgress(pod)
        let check = self.check
        let clock = context.clock
        let watch = PodWatchLoop(hook: hook, name: name, namespace: namespace, check: check, progress: progress,
                                 clock: clock, logger: context.logger, outageLimit: op.reconnectTimeout)
        let (checkpoints, checkpoint) = AsyncStream.makeStream(of: PodLogCursor.self,
                                                               bufferingPolicy: .bufferingNewest(1))
        let follower = op.getLogs
            ? PodLogFollower(hook: hook, name: name, namespace: namespace, container: op.baseContainerName,
                             logger: context.logger, clock: clock, cursor: logCursor,
                             advanced: { checkpoint.yield($0) })
            : nil
        let logsDone = CompletionSignal()
        let initial = handle(for: name)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { await watch.run() }
            group.addTask { await self.checkpointLog(checkpoints, handle: initial) }
            do {
                _ = try await withClockDeadline(clock.now().adding(op.startupTimeout), clock: clock,
                                                timeout: { StartupDeadlineReached() }) {
                    try await progress.wait { check.hasStarted($0) || check.hasFinished($0) }
                }
            } catch is StartupDeadlineReached {
                // Report the pod as it is now, not as the watch last saw it.
                let latest = (try? await hook.readPod(name: name, namespace: namespace)) ?? progress.pod
                throw Self.startupTimeout(latest, name: name, namespace: namespace, limit: op.startupTimeout)
            }
            if let follower {
                group.addTask {
                    await follower.follow(until: progress, check: check)
                    logsDone.signal()
                }
            }
            let final = try await progress.wait(until: check.hasFinished)
            if let follower {
                do {
                    try await withClockDeadline(clock.now().adding(op.logDrainTimeout), clock: clock,
                                                timeout: { CancellationError() }) { try await logsDone.wait() }
                } catch where !Task.isCancelled {
                    context.logger.warning(
                        "the log stream of \(name) stayed open \(op.logDrainTimeout.secondsText) after the container ended; reading the rest without following")
                    group.cancelAll()
                    await follower.catchUp()
                }
            }
            return final
        }
    }

    /// Turns the final pod into the task's outcome and cleans up.
    private func finish(_ pod: Pod, name: String) async throws -> JSONValue? {
        let terminated = pod.containerStatus(named: op.baseContainerName)?.state?.terminated
        let succeeded = terminated.map { $0.exitCode == 0 } ?? (pod.phase == .succeeded)
        // The outcome before the clean-up: a crash between the two is resolved from the store, not by a new pod.
        var outcome = handle(for: name)
        outcome.outcome = succeeded ? .succeeded : .failed
        do {
            try await record(outcome)
        } catch {
            context.logger.warning("could not record the outcome of pod \(namespace)/\(name): \(error)")
        }
        if succeeded {
            context.logger.info("pod \(namespace)/\(name) succeeded")
            await cleanUp(name, succeeded: true)
            return nil
        }
        let events = op.logEventsOnFailure ? await recentEvents(name) : []
        context.logger.error(
            "\(PodFailureSummary.line(pod, baseContainer: op.baseContainerName, events: events, masker: context.masker))")
        context.logger.debug("remote pod: \(PodDump.redacted(pod, masker: context.masker))")
        await cleanUp(name, succeeded: false)
        if let code = terminated?.exitCode, op.skipOnExitCode.contains(code) {
            throw SkipTask("Pod \(name) returned exit code \(code). Skipping.")
        }
        let detail = terminated.map { "exit code \($0.exitCode)" + ($0.reason.map { ", reason \($0)" } ?? "") }
            ?? "phase \(pod.phase)"
        throw KubernetesPodError(
            kind: .podFailed, podName: name, namespace: namespace, message: "returned a failure (\(detail))",
            exitCode: terminated?.exitCode, terminationMessage: terminated?.message.map(context.masker.mask),
            events: events)
    }

    /// Following failed (the pod is stuck, deleted, or the API is gone): adds the events, cleans up once, and
    /// returns the error to throw.
    private func failed(_ name: String, _ error: any Error) async -> any Error {
        guard var failure = error as? KubernetesPodError else {
            await cleanUp(name, succeeded: false)
            return error
        }
        if op.logEventsOnFailure, failure.kind != .connectionLost { failure.events = await recentEvents(name) }
        if failure.kind != .podDeleted { await cleanUp(name, succeeded: false) }
        return failure
    }

    // MARK: Handles

    /// What a resumed try does with the pod its interrupted try recorded.
    private enum Reattachment {
        case follow(Pod)
        case finished(PodHandle.Outcome)
        case gone
    }

    private func reattach(_ interrupted: PodHandle) async throws -> Reattachment {
        do {
            let pod = try await hook.readPod(name: interrupted.name, namespace: interrupted.namespace)
            let labels = pod.metadata.labels ?? [:]
            let ours = PodIdentity.selector(labels, includeTry: false) == interrupted.labelSelector
            if ours, pod.metadata.deletionTimestamp == nil {
                context.logger.info("reattaching to pod \(interrupted.namespace)/\(interrupted.name) after a restart")
                return .follow(pod)
            }
        } catch let error as KubernetesAPIError where error.isNotFound {}
        if let outcome = interrupted.outcome { return .finished(outcome) }
        context.logger.info("""
            pod \(interrupted.namespace)/\(interrupted.name) of the interrupted try is gone without a recorded \
            outcome (never created, or removed by someone else): starting the task's pod again
            """)
        return .gone
    }

    private func handle(for name: String) -> PodHandle {
        PodHandle(name: name, namespace: namespace,
                  labelSelector: PodIdentity.selector(request.metadata.labels ?? [:], includeTry: false))
    }

    private func record(_ handle: PodHandle) async throws {
        try await context.recordExternalWork(handle.handle(at: context.clock.now()))
    }

    /// Records where the log was read up to, at most every ``logCheckpointInterval`` of the clock, as lines arrive
    /// (no lines, no writes), so that a resumed try prints neither twice nor misses lines.
    private func checkpointLog(_ cursors: AsyncStream<PodLogCursor>, handle: PodHandle) async {
        var handle = handle
        var next = Date.distantPast
        for await cursor in cursors {
            let now = context.clock.now()
            guard now >= next else { continue }
            handle.logCursor = cursor
            try? await record(handle)
            next = now.adding(Self.logCheckpointInterval)
        }
    }

    /// How often the log position is written at most.
    static var logCheckpointInterval: Duration { .seconds(10) }

    // MARK: Clean-up

    /// Deletes the pod per ``OnFinishAction``, or labels a kept pod `already_checked=True` so it is never
    /// reattached. Failures are logged: the task's outcome is already decided.
    private func cleanUp(_ name: String, succeeded: Bool) async {
        do {
            if op.onFinishAction.deletes(succeeded: succeeded) {
                if try await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: nil) != nil {
                    context.logger.info("deleted pod \(namespace)/\(name)")
                }
            } else if op.reattachOnRestart {
                _ = try await hook.labelPod(
                    name: name, namespace: namespace, labels: [PodIdentity.alreadyCheckedLabel: "True"])
            }
        } catch {
            context.logger.warning("could not clean up pod \(namespace)/\(name): \(error)")
        }
        PodTryRegistry.set(.handled, for: context)
    }

    /// A cancelled try deletes its pod with the task's termination grace period, and says when the pod is still
    /// terminating as the task ends.
    private func deleteAfterKill(_ name: String) async {
        defer { PodTryRegistry.set(.handled, for: context) }
        guard op.onFinishAction != .keepPod else {
            context.logger.warning("task cancelled; keeping pod \(namespace)/\(name) (onFinishAction keepPod)")
            return
        }
        do {
            let grace = op.graceSeconds
            guard let deleted = try await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: grace)
            else {
                context.logger.info("task cancelled; pod \(namespace)/\(name) was already gone")
                return
            }
            if deleted.metadata.deletionTimestamp != nil, let seconds = deleted.metadata.deletionGracePeriodSeconds,
                seconds > 0
            {
                context.logger.info(
                    "task cancelled; deleted pod \(namespace)/\(name), still terminating (grace period \(seconds) s)")
            } else {
                context.logger.info("task cancelled; deleted pod \(namespace)/\(name)")
            }
        } catch {
            context.logger.error("task cancelled; could not delete pod \(namespace)/\(name): \(error)")
        }
    }

    func recentEvents(_ name: String) async -> [String] {
        guard let events = try? await hook.listEvents(podName: name, namespace: namespace) else { return [] }
        return events.suffix(10).map { event in
            context.masker.mask("\(event.type ?? "Normal") \(event.reason ?? "") - \(event.message ?? "")")
        }
    }

    /// The startup deadline passed (turned into a ``KubernetesPodError`` with the pod's latest state).
    private struct StartupDeadlineReached: Error {}

    private static func startupTimeout(_ pod: Pod, name: String, namespace: String, limit: Duration)
        -> KubernetesPodError
    {
        var state = "phase \(pod.phase)"
        if let scheduled = pod.status?.conditions?.first(where: { $0.type == "PodScheduled" }), scheduled.status != "True" {
            state += ", not scheduled: \(scheduled.reason ?? "") \(scheduled.message ?? "")"
        }
        for status in pod.status?.containerStatuses ?? [] {
            if let waiting = status.state?.waiting {
                state += ", container \(status.name) waiting: \(waiting.reason ?? "") \(waiting.message ?? "")"
            }
        }
        return KubernetesPodError(kind: .startupTimeout, podName: name, namespace: namespace,
                                  message: "did not start within \(limit.secondsText) (\(state))")
    }
}
