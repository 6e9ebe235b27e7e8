/// What the cluster reports about a pod (`status`).
public struct PodStatus: Codable, Sendable, Hashable {
    /// The phase.
    public var phase: PodPhase?
    /// Conditions such as `PodScheduled`.
    public var conditions: [PodCondition]?
    /// A pod-level reason, for example `Evicted`.
    public var reason: String?
    /// A pod-level message.
    public var message: String?
    /// The main containers.
    public var containerStatuses: [ContainerStatus]?
    /// The init containers.
    public var initContainerStatuses: [ContainerStatus]?
    /// When the kubelet started the pod.
    public var startTime: String?

    /// Creates a status.
    public init(phase: PodPhase? = nil, conditions: [PodCondition]? = nil,
                containerStatuses: [ContainerStatus]? = nil) {
        self.phase = phase
        self.conditions = conditions
        self.containerStatuses = containerStatuses
    }
}

/// A pod condition.
public struct PodCondition: Codable, Sendable, Hashable {
    /// For example `PodScheduled`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// Why, in one word.
    public var reason: String?
    /// Why, in words.
    public var message: String?

    /// Creates a condition.
    public init(type: String, status: String, reason: String? = nil, message: String? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }
}

/// The status of one container.
public struct ContainerStatus: Codable, Sendable, Hashable {
    /// The container's name.
    public var name: String
    /// Its current state.
    public var state: ContainerState?
    /// Its previous state (after a restart).
    public var lastState: ContainerState?
    /// Whether it passes its readiness probe.
    public var ready: Bool?
    /// How many times it restarted.
    public var restartCount: Int?
    /// The image.
    public var image: String?

    /// Creates a container status.
    public init(name: String, state: ContainerState? = nil) {
        self.name = name
        self.state = state
    }
}

/// The state of a container: exactly one of waiting, running or terminated is set.
public struct ContainerState: Codable, Sendable, Hashable {
    /// Not running yet (or again), with the reason.
    public var waiting: Waiting?
    /// Running since a time.
    public var running: Running?
    /// Ended, with its exit code.
    public var terminated: Terminated?

    /// Creates a state.
    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    /// A waiting container.
    public struct Waiting: Codable, Sendable, Hashable {
        /// For example `ContainerCreating`, `ErrImagePull`.
        public var reason: String?
        /// Details, for example the registry's error.
        public var message: String?
        /// Creates a waiting state.
        public init(reason: String? = nil, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    /// A running container.
    public struct Running: Codable, Sendable, Hashable {
        /// When it started (RFC 3339).
        public var startedAt: String?
        /// Creates a running state.
        public init(startedAt: String? = nil) { self.startedAt = startedAt }
    }

    /// A container that ended.
    public struct Terminated: Codable, Sendable, Hashable {
        /// The exit code.
        public var exitCode: Int
        /// The signal that killed it, if any.
        public var signal: Int?
        /// For example `Completed`, `Error`, `OOMKilled`.
        public var reason: String?
        /// The termination message (the container's `/dev/termination-log`).
        public var message: String?
        /// When it started.
        public var startedAt: String?
        /// When it ended.
        public var finishedAt: String?
        /// Creates a terminated state.
        public init(exitCode: Int, reason: String? = nil, message: String? = nil, finishedAt: String? = nil) {
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
            self.finishedAt = finishedAt
        }
    }
}
