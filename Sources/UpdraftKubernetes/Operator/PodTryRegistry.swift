import Synchronization
import Updraft

/// What `execute` tells `onKill` about the pod of a try in this process, so that a cancelled try whose pod
/// `execute` already deleted, or that never asked for one, costs no further API call (no list, no second DELETE,
/// no second run of a hung credential plugin), and one whose pod is known is deleted by name.
enum PodTryRegistry {
    enum Entry: Sendable, Equatable {
        /// The create request was sent: the pod may exist even if its answer never came.
        case creating
        /// The try follows this pod.
        case following(name: String, namespace: String)
        /// The try has handled its pod (deleted or kept per `onFinishAction`).
        case handled
    }

    private static let entries = Mutex<[String: Entry]>([:])

    /// The try, within its engine (the masker is the engine's own: two engines in one process, as in parallel
    /// tests, may run a DAG run of the same id).
    static func key(_ context: TaskContext) -> String {
        [String(describing: ObjectIdentifier(context.masker)), context.dagID, context.runID, context.taskID,
         String(context.tryNumber)].joined(separator: "\u{0}")
    }

    static func set(_ entry: Entry, for context: TaskContext) {
        entries.withLock { $0[key(context)] = entry }
    }

    /// The try ended: a cancelled one keeps its entry for `onKill`, which the engine calls next; others forget it.
    static func end(_ context: TaskContext) {
        guard !Task.isCancelled else { return }
        _ = entries.withLock { $0.removeValue(forKey: key(context)) }
    }

    /// Removes and returns the entry of the try (for `onKill`).
    static func take(_ context: TaskContext) -> Entry? {
        entries.withLock { $0.removeValue(forKey: key(context)) }
    }
}
