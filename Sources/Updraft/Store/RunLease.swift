public import Foundation

/// The process that owns a run while it executes: only the owner changes the run's state, and a second process that
/// tries to run or resume it is refused with the owner's name. A lease expires unless its owner renews it, so a run
/// whose owner died (`kill -9`, a lost node) can be taken over once ``expiresAt`` has passed.
public struct RunLease: Sendable, Codable, Hashable {
    /// A unique id of the owning engine (one per process and run start).
    public var ownerID: String
    /// The owner's host name.
    public var hostname: String
    /// The owner's process id.
    public var pid: Int32
    /// When the lease ends unless renewed.
    public var expiresAt: Date

    /// Creates a lease.
    public init(ownerID: String, hostname: String, pid: Int32, expiresAt: Date) {
        self.ownerID = ownerID
        self.hostname = hostname
        self.pid = pid
        self.expiresAt = expiresAt
    }

    /// Whether the owner ran on the host named `hostname` (this one) and its process no longer exists: then its
    /// lease can be taken over at once instead of after it lapses. A live process that reused the pid counts as
    /// alive, so the mistake is only ever to wait.
    public func isDeadProcessOnThisHost(_ hostname: String) -> Bool {
        guard self.hostname == hostname, pid > 0, pid != ProcessInfo.processInfo.processIdentifier else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// "pid 4242 on host worker-1".
    public var ownerDescription: String { "pid \(pid) on host \(hostname)" }
}
