import UpdraftKubernetes

extension MockKubernetesHook {
    /// What a pod does.
    public enum Script: Sendable, Hashable {
        /// Prints `logLines`, exits 0.
        case succeed(logLines: [String] = [])
        /// Prints `logLines`, exits with `exitCode` and `terminationMessage`.
        case fail(exitCode: Int, logLines: [String] = [], terminationMessage: String? = nil)
        /// The image cannot be pulled: waiting `reason` (`ErrImagePull`, `ImagePullBackOff`, `InvalidImageName`).
        case imagePullFailure(reason: String = "ErrImagePull", message: String)
        /// `CreateContainerConfigError` with `message`.
        case configError(message: String)
        /// Never scheduled: stays Pending.
        case staysPending
        /// Runs (printing `logLines`) until deleted.
        case runsUntilDeleted(logLines: [String])
        /// One script per try: the pod of try *n* (its `try_number` label, set by `KubernetesPodOperator`) plays
        /// the *n*th, the last repeating — `.tries([.fail(exitCode: 3), .succeed()])` fails once, then succeeds.
        case tries([Script])

        /// The script `pod` plays: for ``tries(_:)`` the one of its try (an empty list succeeds).
        func resolved(for pod: Pod) -> Script {
            guard case .tries(let scripts) = self else { return self }
            guard !scripts.isEmpty else { return .succeed() }
            let tryNumber = pod.metadata.labels?["try_number"].flatMap { Int($0) } ?? 1
            return scripts[min(max(tryNumber, 1), scripts.count) - 1].resolved(for: pod)
        }

        /// The log lines of the script.
        var logLines: [String] {
            switch self {
            case .succeed(let lines), .fail(_, let lines, _), .runsUntilDeleted(let lines): lines
            case .imagePullFailure, .configError, .staysPending, .tries: []
            }
        }

        /// The status a pod playing this script shows once everything observable has happened.
        func status(containerName: String) -> PodStatus {
            func container(_ state: ContainerState) -> [ContainerStatus] {
                [ContainerStatus(name: containerName, state: state)]
            }
            switch self {
            case .succeed:
                return PodStatus(phase: .succeeded, containerStatuses: container(.init(terminated: .init(exitCode: 0, reason: "Completed"))))
            case .fail(let exitCode, _, let message):
                return PodStatus(phase: .failed, containerStatuses: container(.init(terminated: .init(
                    exitCode: exitCode, reason: "Error", message: message))))
            case .imagePullFailure(let reason, let message):
                return PodStatus(phase: .pending, containerStatuses: container(.init(waiting: .init(reason: reason, message: message))))
            case .configError(let message):
                return PodStatus(phase: .pending, containerStatuses: container(.init(waiting: .init(
                    reason: "CreateContainerConfigError", message: message))))
            case .staysPending:
                return PodStatus(phase: .pending, conditions: [
                    PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes are available"),
                ])
            case .runsUntilDeleted:
                return PodStatus(phase: .running, containerStatuses: container(.init(running: .init())))
            case .tries:
                return PodStatus(phase: .pending)
            }
        }
    }
}
