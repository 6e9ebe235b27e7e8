public import Foundation

/// A simulated container ended: kept by the simulator so a test can measure how long a client took to notice
/// (the pod itself may be deleted by then, and its `finishedAt` only has whole seconds).
public struct KubernetesContainerTermination: Sendable, Equatable {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var pod: String
    /// The container's name.
    public var container: String
    /// The exit code (143 when a delete stopped it).
    public var exitCode: Int
    /// When the container ended, on the simulator's clock (full precision).
    public var finishedAt: Date
}
