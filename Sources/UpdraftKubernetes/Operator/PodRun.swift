import Foundation
import Logging
import Updraft

/// One try of a ``KubernetesPodOperator``: find or create the pod, follow it, decide the outcome, clean up.
///
/// API calls of a normal run: list (reattach), create, one watch, one log stream, delete — 5 requests.
struct PodRun: Sendable {
    let op: KubernetesPodOperator
    let hook: any KubernetesHook
    let context: TaskContext
    let request: Pod

    private var namespace: String { request.metadata.namespace ?? "default" }
    private var check: PodStartupCheck { PodStartupCheck(baseContainer: op.baseContainerName) }

    func run() async throws -> JSONValue? {
        let pod = try await findOrCreate()
        let name = pod.metadata.name ?? ""
        try? await context.xcom.push(name, key: "pod_name")
        try? await context.xcom.push(namespace, key: "pod_namespace")
        do {
            let final = try await follow(pod, name: name)
            return try await finish(final, name: name)
        } catch {
            if Task.isCancelled || error is CancellationError {
                // Cancelled or timed out: the pod must not outlive the task (issue §7 #2).
                await withCancellationShield { [self] in await deleteAfterKill(name) }
                throw error
            }
            guard var failure = error as? KubernetesPodError else {
                await cleanUp(name, pod: pod, succeeded: false)
                throw error
            }
            if op.logEventsOnFailure { failure.events = await recentEvents(name) }
            await cleanUp(name, pod: nil, succeeded: false)
            throw failure
        }
    }

    // MARK: Steps

    private func findOrCreate() async throws -> Pod {
        if op.reattachOnRestart {
            let selector = PodIdentity.selector(request.metadata.labels ?? [:], includeTry: false)
            let found = try await hook.listPods(namespace: namespace, labelSelector: selector).items
                .filter { $0.metadata.deletionTimestamp == nil }
            if found.count > 1 {
                throw KubernetesPodError(
                    kind: .moreThanOnePod, podName: found.compactMap(\.metadata.name).joined(separator: ", "),
                    namespace: namespace, message: "more than one pod has this task's labels (\(selector))")
            }
            if let existing = found.first, let name = existing.metadata.name {
                if existing.status?.reason?.lowercased() != "evicted" {
                    context.logger.info("reattaching to pod \(namespace)/\(name) (phase \(existing.phase))")
                    return existing
                }
                try await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: nil)
            }
        }
        var attempt = request
        for _ in 0..<2 {
            do {
                let created = try await hook.createPod(attempt, namespace: namespace)
                context.logger.info("created pod \(namespace)/\(created.metadata.name ?? "") with image \(op.image ?? "")")
                return created
            } catch let error as KubernetesAPIError where error.statusCode == 409 && op.randomNameSuffix {
                // A random-suffix collision: pick another name once.
                attempt.metadata.name = PodIdentity.podName(name: op.name, taskID: context.taskID, randomSuffix: true)
                continue
            }
        }
        return try await hook.createPod(attempt, namespace: namespace)
    }

    /// Follows the pod with a watch until its base container ended, streaming the log meanwhile.
    private func follow(_ pod: Pod, name: String) async throws -> Pod {
        let progress = PodProgress(pod)
        let check = self.check
        let watch = PodWatchLoop(hook: hook, name: name, namespace: namespace, check: check, progress: progress)
        let follower = op.getLogs
            ? PodLogFollower(hook: hook, name: name, namespace: namespace, container: op.baseContainerName,
                             logger: context.logger, clock: context.clock)
            : nil
        let logsDone = CompletionSignal()
        let clock = context.clock
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { await watch.run() }
            let startup = op.startupTimeoutSeconds
            do {
                _ = try await withClockDeadline(
                    clock.now().addingTimeInterval(TimeInterval(startup)), clock: clock,
                    timeout: { StartupDeadlineReached() }
                ) { try await progress.wait { check.hasStarted($0) || check.hasFinished($0) } }
            } catch is StartupDeadlineReached {
                // Report the pod as it is now, not as the watch last saw it.
                let latest = (try? await hook.readPod(name: name, namespace: namespace)) ?? progress.pod
                throw Self.startupTimeout(latest, name: name, namespace: namespace, seconds: startup)
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
                    try await withClockDeadline(
                        clock.now().addingTimeInterval(TimeInterval(op.logDrainTimeoutSeconds)), clock: clock,
                        timeout: { CancellationError() }) { try await logsDone.wait() }
                } catch where !Task.isCancelled {
                    context.logger.warning(
                        "the log stream of \(name) stayed open \(op.logDrainTimeoutSeconds) s after the container ended; reading the rest without following")
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
        if succeeded {
            await cleanUp(name, pod: pod, succeeded: true)
            context.logger.info("pod \(namespace)/\(name) succeeded")
            return nil
        }
        let events = op.logEventsOnFailure ? await recentEvents(name) : []
        context.logger.error("pod \(namespace)/\(name) failed; remote pod: \(PodDump.redacted(pod, masker: context.masker))")
        await cleanUp(name, pod: pod, succeeded: false)
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

    // MARK: Clean-up

    /// Deletes the pod per ``OnFinishAction``, or labels a kept pod `already_checked=True` so it is never
    /// reattached. Failures are logged: the task's outcome is already decided.
    private func cleanUp(_ name: String, pod: Pod?, succeeded: Bool) async {
        do {
            if op.onFinishAction.deletes(succeeded: succeeded) {
                if try await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: nil) {
                    context.logger.info("deleted pod \(namespace)/\(name)")
                }
            } else if op.reattachOnRestart {
                _ = try await hook.labelPod(
                    name: name, namespace: namespace, labels: [PodIdentity.alreadyCheckedLabel: "True"])
            }
        } catch {
            context.logger.warning("could not clean up pod \(namespace)/\(name): \(error)")
        }
    }

    private func deleteAfterKill(_ name: String) async {
        guard op.onFinishAction != .keepPod else {
            context.logger.warning("task cancelled; keeping pod \(namespace)/\(name) (onFinishAction keepPod)")
            return
        }
        do {
            _ = try await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: op.terminationGracePeriod)
            context.logger.info("task cancelled; deleted pod \(namespace)/\(name)")
        } catch {
            context.logger.error("task cancelled; could not delete pod \(namespace)/\(name): \(error)")
        }
    }

    private func recentEvents(_ name: String) async -> [String] {
        guard let events = try? await hook.listEvents(podName: name, namespace: namespace) else { return [] }
        return events.suffix(10).map { event in
            context.masker.mask("\(event.type ?? "Normal") \(event.reason ?? "") - \(event.message ?? "")")
        }
    }

    /// The startup deadline passed (turned into a ``KubernetesPodError`` with the pod's latest state).
    private struct StartupDeadlineReached: Error {}

    private static func startupTimeout(_ pod: Pod, name: String, namespace: String, seconds: Int) -> KubernetesPodError {
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
                                  message: "did not start within \(seconds) s (\(state))")
    }
}
