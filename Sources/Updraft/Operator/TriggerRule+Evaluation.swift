/// Counts of the finished states of a task's direct upstream tasks, kept up to date by the engine.
public struct UpstreamCounts: Sendable, Hashable {
    /// How many direct upstream tasks there are.
    public var total: Int
    /// Upstream tasks that succeeded.
    public var success = 0
    /// Upstream tasks that were skipped.
    public var skipped = 0
    /// Upstream tasks that failed.
    public var failed = 0
    /// Upstream tasks that never ran because their own upstream failed.
    public var upstreamFailed = 0

    /// Creates counts for `total` upstream tasks of which none has finished yet.
    public init(total: Int, success: Int = 0, skipped: Int = 0, failed: Int = 0, upstreamFailed: Int = 0) {
        self.total = total
        self.success = success
        self.skipped = skipped
        self.failed = failed
        self.upstreamFailed = upstreamFailed
    }

    /// Upstream tasks in any finished state.
    public var done: Int { success + skipped + failed + upstreamFailed }

    /// Records one upstream task finishing in `state` (states that are not final are ignored).
    public mutating func record(_ state: TaskInstanceState) {
        switch state {
        case .success: success += 1
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .upstreamFailed: upstreamFailed += 1
        default: break
        }
    }
}

/// What a trigger rule decides for a task, given its upstream counts.
public enum TriggerDecision: Sendable, Hashable {
    /// Not decidable yet: wait for more upstream tasks to finish.
    case wait
    /// Run the task.
    case run
    /// Never run it: mark it skipped.
    case skip
    /// Never run it: mark it upstream-failed.
    case upstreamFailed
}

extension TriggerRule {
    /// Airflow's decision for this rule (`trigger_rule_dep.py` with `flag_upstream_failed`): whether the task runs
    /// now, must wait, or is skipped or upstream-failed without running.
    public func decide(_ counts: UpstreamCounts) -> TriggerDecision {
        let failedLike = counts.failed + counts.upstreamFailed
        let allDone = counts.done == counts.total
        if counts.total == 0 { return .run }
        switch self {
        case .always:
            return .run
        case .allSuccess:
            if failedLike > 0 { return .upstreamFailed }
            if counts.skipped > 0 { return .skip }
            return counts.success == counts.total ? .run : .wait
        case .allFailed:
            if counts.success + counts.skipped > 0 { return .skip }
            return failedLike == counts.total ? .run : .wait
        case .allDone:
            return allDone ? .run : .wait
        case .allDoneMinOneSuccess:
            if counts.skipped > 0 { return .skip }
            guard allDone else { return .wait }
            return counts.success > 0 ? .run : .upstreamFailed
        case .allSkipped:
            if counts.success + failedLike > 0 { return .skip }
            return counts.skipped == counts.total ? .run : .wait
        case .oneSuccess:
            if counts.success > 0 { return .run }
            guard allDone else { return .wait }
            return counts.skipped == counts.total ? .skip : .upstreamFailed
        case .oneFailed:
            if failedLike > 0 { return .run }
            return allDone ? .skip : .wait
        case .oneDone:
            if counts.success + counts.failed > 0 { return .run }
            return allDone ? .skip : .wait
        case .noneFailed:
            if failedLike > 0 { return .upstreamFailed }
            return allDone ? .run : .wait
        case .noneFailedMinOneSuccess:
            if failedLike > 0 { return .upstreamFailed }
            guard allDone else { return .wait }
            if counts.skipped == counts.total { return .skip }
            return counts.success > 0 ? .run : .upstreamFailed
        case .noneSkipped:
            if counts.skipped > 0 { return .skip }
            return allDone ? .run : .wait
        default:
            return counts.success == counts.total ? .run : .wait
        }
    }
}
