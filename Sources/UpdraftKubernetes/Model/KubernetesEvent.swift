/// A cluster event about an object (core/v1 `Event`), for example `Pulling image "busybox"`.
public struct KubernetesEvent: Codable, Sendable, Hashable {
    /// The event's metadata (its `uid` identifies it).
    public var metadata: ObjectMeta?
    /// The object the event is about.
    public var involvedObject: InvolvedObject?
    /// One word, for example `Pulling`, `Failed`, `BackOff`.
    public var reason: String?
    /// What happened.
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    /// How many times it happened.
    public var count: Int?
    /// The last time it happened.
    public var lastTimestamp: String?

    /// Creates an event.
    public init(reason: String? = nil, message: String? = nil, type: String? = nil) {
        self.reason = reason
        self.message = message
        self.type = type
    }

    /// The object an event is about.
    public struct InvolvedObject: Codable, Sendable, Hashable {
        /// For example `Pod`.
        public var kind: String?
        /// The object's name.
        public var name: String?
        /// The part of the object, for example `spec.containers{base}`.
        public var fieldPath: String?
        /// Creates a reference.
        public init(kind: String? = nil, name: String? = nil, fieldPath: String? = nil) {
            self.kind = kind
            self.name = name
            self.fieldPath = fieldPath
        }
    }
}

/// A list of events.
public struct KubernetesEventList: Codable, Sendable, Hashable {
    /// The events.
    public var items: [KubernetesEvent]
    /// Creates a list.
    public init(items: [KubernetesEvent]) { self.items = items }
}
