public import Updraft

/// What a pod runs (`spec`). Structures the operator does not interpret (affinity, volume sources, security
/// contexts) are carried as `JSONValue` in the API's own shape.
public struct PodSpec: Codable, Sendable, Hashable {
    /// The containers; the operator's main one is called `base` by default.
    public var containers: [Container]
    /// Containers run to completion before the main ones.
    public var initContainers: [Container]?
    /// `Always`, `OnFailure` or `Never` (the operator always sends `Never`).
    public var restartPolicy: String?
    /// The service account the pod runs as.
    public var serviceAccountName: String?
    /// Labels a node must have.
    public var nodeSelector: [String: String]?
    /// Taints the pod tolerates.
    public var tolerations: [Toleration]?
    /// Node and pod (anti-)affinity, in the API's shape.
    public var affinity: JSONValue?
    /// Secrets used to pull the images.
    public var imagePullSecrets: [LocalObjectReference]?
    /// Volumes, each in the API's shape (`{"name": "v", "configMap": {"name": "cm"}}`).
    public var volumes: [JSONValue]?
    /// Seconds a container gets to stop after SIGTERM.
    public var terminationGracePeriodSeconds: Int?
    /// Seconds after which the cluster stops the pod.
    public var activeDeadlineSeconds: Int?
    /// The node the pod was bound to (set by the scheduler).
    public var nodeName: String?
    /// Whether the pod uses the node's network.
    public var hostNetwork: Bool?
    /// DNS policy.
    public var dnsPolicy: String?
    /// Pod-level security context, in the API's shape.
    public var securityContext: JSONValue?
    /// Priority class.
    public var priorityClassName: String?
    /// Scheduler.
    public var schedulerName: String?

    /// Creates a pod spec.
    public init(containers: [Container] = [], restartPolicy: String? = nil) {
        self.containers = containers
        self.restartPolicy = restartPolicy
    }
}

/// A container (`spec.containers[]`).
public struct Container: Codable, Sendable, Hashable {
    /// Its name, unique in the pod.
    public var name: String
    /// The image reference.
    public var image: String?
    /// The entrypoint (`cmds` of the operator).
    public var command: [String]?
    /// The arguments (`arguments` of the operator).
    public var args: [String]?
    /// Environment variables.
    public var env: [EnvVar]?
    /// Whole config maps or secrets as environment, in the API's shape.
    public var envFrom: [JSONValue]?
    /// Resource requests and limits.
    public var resources: ResourceRequirements?
    /// `Always`, `IfNotPresent` or `Never`.
    public var imagePullPolicy: String?
    /// Where volumes are mounted.
    public var volumeMounts: [VolumeMount]?
    /// `File` or `FallbackToLogsOnError`.
    public var terminationMessagePolicy: String?
    /// Container security context, in the API's shape.
    public var securityContext: JSONValue?
    /// Ports, in the API's shape.
    public var ports: [JSONValue]?

    /// Creates a container.
    public init(name: String, image: String? = nil, command: [String]? = nil, args: [String]? = nil,
                env: [EnvVar]? = nil) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.env = env
    }
}

/// An environment variable of a container.
public struct EnvVar: Codable, Sendable, Hashable {
    /// The variable name.
    public var name: String
    /// A literal value.
    public var value: String?
    /// A value taken from a secret, config map or field, in the API's shape
    /// (`{"secretKeyRef": {"name": "s", "key": "k"}}`).
    public var valueFrom: JSONValue?

    /// A variable with a literal value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A variable whose value comes from elsewhere (`valueFrom`).
    public init(name: String, valueFrom: JSONValue) {
        self.name = name
        self.valueFrom = valueFrom
    }
}

/// Resource requests and limits, as quantities (`"100m"`, `"256Mi"`).
public struct ResourceRequirements: Codable, Sendable, Hashable {
    /// What the pod is guaranteed.
    public var requests: [String: String]?
    /// What the pod may use at most.
    public var limits: [String: String]?

    /// Creates resource requirements.
    public init(requests: [String: String]? = nil, limits: [String: String]? = nil) {
        self.requests = requests
        self.limits = limits
    }
}

/// Where a volume is mounted in a container.
public struct VolumeMount: Codable, Sendable, Hashable {
    /// The volume's name.
    public var name: String
    /// The path in the container.
    public var mountPath: String
    /// A sub-path of the volume.
    public var subPath: String?
    /// Whether the mount is read-only.
    public var readOnly: Bool?

    /// Creates a mount.
    public init(name: String, mountPath: String, subPath: String? = nil, readOnly: Bool? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.subPath = subPath
        self.readOnly = readOnly
    }
}

/// A toleration of a node taint.
public struct Toleration: Codable, Sendable, Hashable {
    /// The taint key (none: every key).
    public var key: String?
    /// `Equal` or `Exists`.
    public var `operator`: String?
    /// The taint value.
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    public var effect: String?
    /// For `NoExecute`: how long the pod stays bound after the taint appears.
    public var tolerationSeconds: Int?

    /// Creates a toleration.
    public init(key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil,
                tolerationSeconds: Int? = nil) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }
}

/// A reference to an object in the same namespace by name (image pull secrets).
public struct LocalObjectReference: Codable, Sendable, Hashable {
    /// The object's name.
    public var name: String
    /// Creates a reference.
    public init(name: String) { self.name = name }
}
