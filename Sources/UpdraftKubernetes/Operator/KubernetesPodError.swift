/// Why a pod task failed: the pod, what went wrong, and (for a pod that ran) its exit code, termination message
/// and recent events. Environment values are never part of the text.
public struct KubernetesPodError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// The image cannot be pulled (`ErrImagePull`, `ImagePullBackOff`, `InvalidImageName`, `ErrImageNeverPull`).
        case imagePull
        /// The container cannot be created (`CreateContainerConfigError`, for example a missing secret).
        case containerConfig
        /// The pod did not start within `startupTimeout`.
        case startupTimeout
        /// The pod failed before its containers started.
        case launchFailed
        /// The base container exited with a non-zero code (or the pod failed).
        case podFailed
        /// The pod was deleted by someone else while the task followed it.
        case podDeleted
        /// Reattach found several pods with the task's labels.
        case moreThanOnePod
        /// The watch of the pod could not be re-established for `reconnectTimeout` (a sustained API outage).
        case connectionLost
    }

    /// The kind of failure.
    public var kind: Kind
    /// The pod's name.
    public var podName: String
    /// The pod's namespace.
    public var namespace: String
    /// What happened, including the cluster's reason and message.
    public var message: String
    /// The base container's exit code, when it ran.
    public var exitCode: Int?
    /// The base container's termination message.
    public var terminationMessage: String?
    /// Recent events of the pod (`reason - message`), with `logEventsOnFailure`.
    public var events: [String]

    /// Creates an error.
    public init(kind: Kind, podName: String, namespace: String, message: String, exitCode: Int? = nil,
                terminationMessage: String? = nil, events: [String] = []) {
        self.kind = kind
        self.podName = podName
        self.namespace = namespace
        self.message = message
        self.exitCode = exitCode
        self.terminationMessage = terminationMessage
        self.events = events
    }

    /// One line (cluster messages spanning lines are joined with ` / `), so a console shows one line per failure.
    public var description: String {
        var text = "Pod \(namespace)/\(podName): \(message)"
        if let terminationMessage, !terminationMessage.isEmpty { text += "; termination message: \(terminationMessage)" }
        if !events.isEmpty { text += "; recent events: " + events.joined(separator: "; ") }
        return text.split(whereSeparator: \.isNewline).joined(separator: " / ")
    }
}
