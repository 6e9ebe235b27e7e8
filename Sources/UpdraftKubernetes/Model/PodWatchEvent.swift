/// One change of a watched pod (a line of a `watch=true` stream).
public struct PodWatchEvent: Sendable, Hashable {
    /// The kind of change.
    public enum Kind: String, Sendable, Hashable {
        /// The pod appeared (or was there when the watch started).
        case added = "ADDED"
        /// The pod changed.
        case modified = "MODIFIED"
        /// The pod was removed; the object is its last state.
        case deleted = "DELETED"
        /// Progress marker: only the resourceVersion is meaningful.
        case bookmark = "BOOKMARK"
    }

    /// The kind of change.
    public var kind: Kind
    /// The pod after the change.
    public var pod: Pod

    /// Creates an event.
    public init(kind: Kind, pod: Pod) {
        self.kind = kind
        self.pod = pod
    }
}

/// Options of a container log request (`PodLogOptions`).
public struct PodLogOptions: Sendable, Hashable {
    /// The container.
    public var container: String
    /// Keep the stream open while the container runs.
    public var follow: Bool
    /// Prefix each line with its RFC 3339 timestamp (nanoseconds).
    public var timestamps: Bool
    /// Only lines at or after this RFC 3339 time.
    public var sinceTime: String?
    /// Only the last lines.
    public var tailLines: Int?

    /// Creates log options.
    public init(container: String, follow: Bool = false, timestamps: Bool = false, sinceTime: String? = nil,
                tailLines: Int? = nil) {
        self.container = container
        self.follow = follow
        self.timestamps = timestamps
        self.sinceTime = sinceTime
        self.tailLines = tailLines
    }
}
