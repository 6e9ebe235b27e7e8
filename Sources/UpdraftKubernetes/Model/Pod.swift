/// A Kubernetes `Pod` (core/v1): the subset the pod operator sends and reads. Unknown fields in API answers are
/// ignored when decoding, and `nil` fields are left out when encoding (as the Python client drops nulls).
public struct Pod: Codable, Sendable, Hashable {
    /// `v1`.
    public var apiVersion: String?
    /// `Pod`.
    public var kind: String?
    /// Name, namespace, labels, annotations and the server-assigned identity.
    public var metadata: ObjectMeta
    /// What should run.
    public var spec: PodSpec?
    /// What is running, as reported by the cluster.
    public var status: PodStatus?

    /// Creates a pod.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec? = nil, status: PodStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Pod"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The pod's phase (`Pending` when the cluster has not reported one yet).
    public var phase: PodPhase { status?.phase ?? .pending }

    /// The status of the container named `name`, looked up in the main then the init containers.
    public func containerStatus(named name: String) -> ContainerStatus? {
        status?.containerStatuses?.first { $0.name == name }
            ?? status?.initContainerStatuses?.first { $0.name == name }
    }
}

/// The phase of a pod (`status.phase`).
public struct PodPhase: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The phase as the API spells it.
    public var rawValue: String
    /// Creates a phase from its API spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Accepted, not all containers started yet.
    public static let pending = PodPhase(rawValue: "Pending")
    /// Bound to a node, at least one container running.
    public static let running = PodPhase(rawValue: "Running")
    /// Every container exited 0.
    public static let succeeded = PodPhase(rawValue: "Succeeded")
    /// Every container ended, at least one in failure.
    public static let failed = PodPhase(rawValue: "Failed")
    /// The node cannot be reached.
    public static let unknown = PodPhase(rawValue: "Unknown")

    /// Whether the pod will not change any more (Succeeded or Failed).
    public var isTerminal: Bool { self == .succeeded || self == .failed }

    public var description: String { rawValue }
}

/// Object metadata (`metadata`).
public struct ObjectMeta: Codable, Sendable, Hashable {
    /// The object's name.
    public var name: String?
    /// The namespace.
    public var namespace: String?
    /// Labels, used to find the pod again (reattach).
    public var labels: [String: String]?
    /// Annotations.
    public var annotations: [String: String]?
    /// The server-assigned unique id.
    public var uid: String?
    /// The version of this object, for watching changes after it.
    public var resourceVersion: String?
    /// When the object was created (RFC 3339).
    public var creationTimestamp: String?
    /// Set when a graceful deletion has started (RFC 3339).
    public var deletionTimestamp: String?
    /// The grace period of that deletion, in seconds.
    public var deletionGracePeriodSeconds: Int?

    /// Creates metadata.
    public init(name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
                annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}

/// A list of pods (`PodList`).
public struct PodList: Codable, Sendable, Hashable {
    /// The list's metadata; its `resourceVersion` is where a watch can start.
    public var metadata: ListMeta?
    /// The pods.
    public var items: [Pod]

    /// Creates a list.
    public init(items: [Pod], resourceVersion: String? = nil) {
        self.items = items
        self.metadata = ListMeta(resourceVersion: resourceVersion)
    }
}

/// List metadata.
public struct ListMeta: Codable, Sendable, Hashable {
    /// The version of the collection when it was listed.
    public var resourceVersion: String?
    /// Creates list metadata.
    public init(resourceVersion: String? = nil) { self.resourceVersion = resourceVersion }
}
