import Foundation

/// What one simulated step produced besides the new pod state.
struct KubernetesStepOutcome: Sendable {
    /// An `Event` to record about the pod.
    struct Event: Sendable {
        var reason: String
        var message: String
        var isWarning = false
        /// `involvedObject.fieldPath`, e.g. `spec.containers{base}`; `nil` for pod-level events.
        var fieldPath: String?
        var component = "kubelet"
    }

    var events: [Event] = []
    /// Lines printed, as (container index, line).
    var printed: [(container: Int, line: KubernetesPodRuntime.LogLine)] = []
    /// Ticks until the same chain steps again; `nil` ends the chain.
    var nextTicks: Int?
}

/// The scheduler and kubelet of the simulated cluster, as pure state transitions on ``KubernetesPodRuntime``
/// (kubernetes-api.md §2.4). The pod goes: created → scheduled → sandbox ready (containers `ContainerCreating`) →
/// one independent step chain per container, following its ``KubernetesPodBehavior``.
enum KubernetesKubelet {
    /// The longest wait between two retries of a failing image pull or container creation.
    static let maximumBackoffTicks = 300

    /// Scheduling: binds the pod to the node, or marks it `Unschedulable` for good.
    static func schedule(_ pod: inout KubernetesPodRuntime, nodeName: String, now: Date) -> KubernetesStepOutcome {
        for container in pod.containers {
            if case .unschedulable(let message) = container.behavior {
                pod.setCondition("PodScheduled", "False", reason: "Unschedulable", message: message, now: now)
                return KubernetesStepOutcome(
                    events: [
                        .init(
                            reason: "FailedScheduling", message: message, isWarning: true,
                            component: "default-scheduler")
                    ])
            }
        }
        pod.nodeName = nodeName
        pod.setCondition("PodScheduled", "True", now: now)
        let message = "Successfully assigned \(pod.namespace)/\(pod.name) to \(nodeName)"
        return KubernetesStepOutcome(
            events: [.init(reason: "Scheduled", message: message, component: "default-scheduler")], nextTicks: 1)
    }

    /// The kubelet admits the pod: sandbox up, containers waiting in `ContainerCreating` (or `InvalidImageName`).
    static func startSandbox(_ pod: inout KubernetesPodRuntime, now: Date) -> KubernetesStepOutcome {
        var outcome = KubernetesStepOutcome(nextTicks: 1)
        pod.startTime = now
        pod.podIP = "10.244.0.\(pod.uid.utf8.reduce(0) { ($0 + Int($1)) % 250 } + 2)"
        pod.setCondition("PodReadyToStartContainers", "True", now: now)
        pod.setCondition("Initialized", "True", now: now)
        for index in pod.containers.indices {
            let image = pod.containers[index].image
            if KubernetesPodBehavior.isInvalidReference(image) {
                let message =
                    "Failed to apply default image tag \"\(image)\": couldn't parse image reference \"\(image)\": "
                    + "invalid reference format"
                pod.containers[index].state = .waiting(reason: "InvalidImageName", message: message)
                let fieldPath = "spec.containers{\(pod.containers[index].name)}"
                outcome.events += [
                    .init(reason: "InspectFailed", message: message, isWarning: true, fieldPath: fieldPath),
                    .init(reason: "Failed", message: "Error: InvalidImageName", isWarning: true, fieldPath: fieldPath),
                ]
            } else {
                pod.containers[index].state = .waiting(reason: "ContainerCreating", message: nil)
            }
        }
        pod.updatePhase(now: now)
        return outcome
    }

    /// Whether container `index` has a step chain after ``startSandbox(_:now:)``.
    static func hasChain(_ pod: KubernetesPodRuntime, container index: Int) -> Bool {
        if case .waiting("InvalidImageName", _) = pod.containers[index].state { return false }
        return true
    }

    /// One step of container `index`, per its behaviour.
    static func advanceContainer(_ pod: inout KubernetesPodRuntime, index: Int, now: Date) -> KubernetesStepOutcome {
        var container = pod.containers[index]
        defer {
            pod.containers[index] = container
            pod.updatePhase(now: now)
        }
        let image = container.image
        let fieldPath = "spec.containers{\(container.name)}"
        let event = { (reason: String, message: String, isWarning: Bool) in
            KubernetesStepOutcome.Event(reason: reason, message: message, isWarning: isWarning, fieldPath: fieldPath)
        }
        let step = container.step
        container.step += 1
        if step == 0 {
            return KubernetesStepOutcome(events: [event("Pulling", "Pulling image \"\(image)\"", false)], nextTicks: 1)
        }
        let pulled = event(
            "Pulled", "Successfully pulled image \"\(image)\" in 5ms (5ms including waiting). Image size: 2048 bytes.",
            false)
        switch container.behavior {
        case .succeed(let lines):
            return run(
                &container, index: index, step: step, lines: lines, exit: (0, "Completed", nil), pulled: pulled,
                event: event, now: now)
        case .succeedSlowly(let lines, let everyTicks):
            return run(
                &container, index: index, step: step, lines: lines, exit: (0, "Completed", nil), pulled: pulled,
                event: event, now: now, everyTicks: everyTicks)
        case .fail(let lines, let exitCode, let message):
            return run(
                &container, index: index, step: step, lines: lines, exit: (exitCode, "Error", message),
                pulled: pulled, event: event, now: now)
        case .runUntilDeleted(let line, let everyTicks), .runIgnoringTermination(let line, let everyTicks):
            if step == 1 { return start(&container, pulled: pulled, event: event, now: now) }
            return KubernetesStepOutcome(
                printed: [(index, .init(time: now, text: line))], nextTicks: max(1, everyTicks))
        case .imagePullFailure(let message):
            if step == 1 {
                container.state = .waiting(reason: "ErrImagePull", message: message)
                return KubernetesStepOutcome(
                    events: [
                        event("Failed", "Failed to pull image \"\(image)\": \(message)", true),
                        event("Failed", "Error: ErrImagePull", true),
                    ], nextTicks: 1)
            }
            let backOff = "Back-off pulling image \"\(image)\""
            container.state = .waiting(reason: "ImagePullBackOff", message: backOff)
            container.step = 0
            return KubernetesStepOutcome(
                events: [event("BackOff", backOff, false), event("Failed", "Error: ImagePullBackOff", true)],
                nextTicks: nextBackoff(&container))
        case .createContainerConfigError(let message):
            container.state = .waiting(reason: "CreateContainerConfigError", message: message)
            container.step = 1
            return KubernetesStepOutcome(
                events: [pulled, event("Failed", "Error: \(message)", true)], nextTicks: nextBackoff(&container))
        case .unschedulable:
            return KubernetesStepOutcome()
        }
    }

    /// Stops the running containers of a pod being deleted: on SIGTERM those that honour it end with exit code 143;
    /// when `killed` (the grace period ran out) all end with SIGKILL's 137.
    static func stopContainers(_ pod: inout KubernetesPodRuntime, killed: Bool, now: Date) {
        for index in pod.containers.indices where killed || !pod.containers[index].behavior.ignoresTermination {
            if case .running(let startedAt) = pod.containers[index].state {
                pod.containers[index].state = .terminated(
                    exitCode: killed ? 137 : 143, reason: "Error", message: nil, startedAt: startedAt, finishedAt: now)
            }
        }
        pod.updatePhase(now: now)
    }

    private static func run(
        _ container: inout KubernetesPodRuntime.Container, index: Int, step: Int, lines: [String],
        exit: (code: Int, reason: String, message: String?), pulled: KubernetesStepOutcome.Event,
        event: (String, String, Bool) -> KubernetesStepOutcome.Event, now: Date, everyTicks: Int = 1
    ) -> KubernetesStepOutcome {
        if step == 1 { return start(&container, pulled: pulled, event: event, now: now) }
        let lineIndex = step - 2
        if lineIndex < lines.count {
            return KubernetesStepOutcome(printed: [(index, .init(time: now, text: lines[lineIndex]))],
                                         nextTicks: max(1, everyTicks))
        }
        if case .running(let startedAt) = container.state {
            container.state = .terminated(
                exitCode: exit.code, reason: exit.reason, message: exit.message, startedAt: startedAt, finishedAt: now)
        }
        return KubernetesStepOutcome()
    }

    private static func start(
        _ container: inout KubernetesPodRuntime.Container, pulled: KubernetesStepOutcome.Event,
        event: (String, String, Bool) -> KubernetesStepOutcome.Event, now: Date
    ) -> KubernetesStepOutcome {
        container.containerID =
            "containerd://" + (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: .min ... .max)) }.joined()
        container.state = .running(startedAt: now)
        return KubernetesStepOutcome(
            events: [
                pulled, event("Created", "Created container: \(container.name)", false),
                event("Started", "Started container \(container.name)", false),
            ], nextTicks: 1)
    }

    private static func nextBackoff(_ container: inout KubernetesPodRuntime.Container) -> Int {
        let ticks = container.backoffTicks
        container.backoffTicks = min(ticks * 2, maximumBackoffTicks)
        return ticks
    }
}
