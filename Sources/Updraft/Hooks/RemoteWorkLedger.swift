import Synchronization

/// Remote work that tries of a run's tasks started and that may still be running: a Talend execution, a pod.
///
/// An operator records the handle of what it starts, and settles it once it has seen the work end. When a try
/// fails while its work may still run (the API stopped answering, a clean-up call was refused), the record stays,
/// and the task's next try finds it here and reattaches instead of starting the work a second time. One ledger
/// serves one run (``HookResolver/remoteWork``); a task has at most one open record per kind of work.
public final class RemoteWorkLedger: Sendable {
    private let open = Mutex<[Key: String]>([:])

    private struct Key: Hashable {
        var kind: String
        var taskID: String
    }

    /// An empty ledger.
    public init() {}

    /// Records that a try of `taskID` started the remote work `handle` (for example a Talend execution id), of
    /// `kind` (for example `talend.execution`); replaces an earlier record of the same kind.
    public func record(_ handle: String, kind: String, taskID: String) {
        open.withLock { $0[Key(kind: kind, taskID: taskID)] = handle }
    }

    /// The work of `kind` an earlier try of `taskID` started and nobody has seen end, if any.
    public func unsettled(kind: String, taskID: String) -> String? {
        open.withLock { $0[Key(kind: kind, taskID: taskID)] }
    }

    /// Forgets `handle`: it was seen to end (or the task no longer answers for it).
    public func settle(_ handle: String, kind: String, taskID: String) {
        open.withLock { records in
            let key = Key(kind: kind, taskID: taskID)
            if records[key] == handle { records[key] = nil }
        }
    }
}
