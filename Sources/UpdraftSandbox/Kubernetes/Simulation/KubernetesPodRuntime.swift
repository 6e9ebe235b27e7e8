import Foundation

/// The simulated kubelet's view of one pod: typed state that is rendered into the pod's `status` after every step.
struct KubernetesPodRuntime: Sendable {
    /// One line a container printed.
    struct LogLine: Sendable {
        var time: Date
        var text: String
    }

    /// `containerStatuses[].state`.
    enum ContainerState: Sendable {
        case waiting(reason: String, message: String?)
        case running(startedAt: Date)
        case terminated(exitCode: Int, reason: String, message: String?, startedAt: Date, finishedAt: Date)
    }

    /// One container of the pod.
    struct Container: Sendable {
        var name: String
        var image: String
        var behavior: KubernetesPodBehavior
        var state: ContainerState?
        var containerID: String?
        var logs: [LogLine] = []
        /// Index of the next step of this container's script.
        var step = 0
        /// Ticks before a retried failure (image pull, config) is reported again; doubles up to a cap.
        var backoffTicks = 10

        var isTerminated: Bool {
            if case .terminated = state { return true }
            return false
        }
    }

    /// One `status.conditions[]` entry.
    struct Condition: Sendable {
        var type: String
        var status: String
        var reason: String?
        var message: String?
        var lastTransitionTime: Date
    }

    var uid: String
    var namespace: String
    var name: String
    var containers: [Container]
    var phase = "Pending"
    var nodeName: String?
    var startTime: Date?
    var podIP: String?
    var conditions: [Condition] = []
    /// Set by a graceful delete: the kubelet stops advancing the containers.
    var isTerminating = false

    /// Sets a condition, keeping `lastTransitionTime` unless its status changes.
    mutating func setCondition(
        _ type: String, _ status: String, reason: String? = nil, message: String? = nil, now: Date
    ) {
        let condition = Condition(type: type, status: status, reason: reason, message: message, lastTransitionTime: now)
        if let index = conditions.firstIndex(where: { $0.type == type }) {
            let previous = conditions[index]
            conditions[index] = condition
            if previous.status == status { conditions[index].lastTransitionTime = previous.lastTransitionTime }
        } else {
            conditions.append(condition)
        }
    }

    /// Recomputes phase and readiness from the container states (kubelet `getPhase`, restartPolicy Never).
    mutating func updatePhase(now: Date) {
        guard startTime != nil else { return }
        let states = containers.map(\.state)
        let terminated = states.compactMap { state -> Int? in
            if case .terminated(let exitCode, _, _, _, _) = state { return exitCode }
            return nil
        }
        let running = states.filter { if case .running = $0 { true } else { false } }.count
        if terminated.count == containers.count {
            phase = terminated.allSatisfy { $0 == 0 } ? "Succeeded" : "Failed"
        } else if running > 0 && running + terminated.count == containers.count {
            phase = "Running"
        } else {
            phase = "Pending"
        }
        let ready = running == containers.count
        switch phase {
        case "Succeeded", "Failed":
            let reason = phase == "Succeeded" ? "PodCompleted" : "PodFailed"
            setCondition("ContainersReady", "False", reason: reason, now: now)
            setCondition("Ready", "False", reason: reason, now: now)
        default:
            let unready = containers.filter { if case .running = $0.state { false } else { true } }.map(\.name)
            let message = ready ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
            let reason = ready ? nil : "ContainersNotReady"
            setCondition("ContainersReady", ready ? "True" : "False", reason: reason, message: message, now: now)
            setCondition("Ready", ready ? "True" : "False", reason: reason, message: message, now: now)
        }
    }

    /// The pod's `status` object.
    func renderStatus() -> SandboxJSON {
        var status: SandboxJSON = ["phase": .string(phase), "qosClass": "BestEffort"]
        if !conditions.isEmpty {
            status["conditions"] = .array(
                conditions.map { condition in
                    var json: SandboxJSON = [
                        "type": .string(condition.type), "status": .string(condition.status), "lastProbeTime": .null,
                        "lastTransitionTime": .string(KubernetesTime.seconds(condition.lastTransitionTime)),
                    ]
                    json["reason"] = condition.reason.map { .string($0) }
                    json["message"] = condition.message.map { .string($0) }
                    return json
                })
        }
        if let startTime {
            status["startTime"] = .string(KubernetesTime.seconds(startTime))
            status["hostIP"] = "10.0.0.10"
            status["hostIPs"] = [["ip": "10.0.0.10"]]
            status["podIP"] = podIP.map { .string($0) }
            status["podIPs"] = podIP.map { .array([["ip": .string($0)]]) }
            status["containerStatuses"] = .array(containers.map(Self.renderContainerStatus))
        }
        return status
    }

    private static func renderContainerStatus(_ container: Container) -> SandboxJSON {
        var json: SandboxJSON = [
            "name": .string(container.name), "image": .string(container.image), "imageID": "", "restartCount": 0,
            "ready": false, "started": false, "lastState": [:],
        ]
        json["containerID"] = container.containerID.map { .string($0) }
        switch container.state {
        case .waiting(let reason, let message):
            var waiting: SandboxJSON = ["reason": .string(reason)]
            waiting["message"] = message.map { .string($0) }
            json["state"] = ["waiting": waiting]
        case .running(let startedAt):
            json["state"] = ["running": ["startedAt": .string(KubernetesTime.seconds(startedAt))]]
            json["ready"] = true
            json["started"] = true
        case .terminated(let exitCode, let reason, let message, let startedAt, let finishedAt):
            var terminated: SandboxJSON = [
                "exitCode": .int(exitCode), "reason": .string(reason),
                "startedAt": .string(KubernetesTime.seconds(startedAt)),
                "finishedAt": .string(KubernetesTime.seconds(finishedAt)),
            ]
            terminated["message"] = message.map { .string($0) }
            terminated["containerID"] = container.containerID.map { .string($0) }
            json["state"] = ["terminated": terminated]
        case nil:
            json["state"] = ["waiting": ["reason": "ContainerCreating"]]
        }
        if container.containerID != nil {
            json["imageID"] = .string(
                "docker.io/" + KubernetesPodBehavior.repository(of: container.image) + "@sha256:"
                    + String(repeating: "0", count: 64))
        }
        return json
    }
}
