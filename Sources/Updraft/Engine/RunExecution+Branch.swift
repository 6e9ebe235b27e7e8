import Foundation
import Logging

/// A branching task's choice, as Airflow 3 applies it (`SkipMixin.skip_all_except` in the task SDK, then the
/// execution API's `PATCH /task-instances/{id}/skip-downstream`).
extension RunExecution {
    /// Skips the direct downstream tasks of `index` that the branch did not follow.
    ///
    /// Followed are the tasks chosen and everything downstream of them, at any depth (`get_flat_relative_ids`), so
    /// the join of `branch >> [a, b]; a >> join; branch >> join` runs when `a` is chosen. A task not followed is
    /// skipped whatever it waits in (pending, scheduled, up for retry, upstream-failed), unless it is running or
    /// finished by running, which Airflow leaves alone too (`skippable_state_clause`: not running, success or
    /// failed).
    func applyBranch(from index: Int, choice: JSONValue?) {
        var followed = Set<Int>()
        var stack = BranchChoice.taskIDs(in: choice).compactMap { dag.index(of: $0) }
        while let task = stack.popLast() {
            guard followed.insert(task).inserted else { continue }
            stack += dag.graph.downstream(of: task).map(Int.init)
        }
        let note = "not chosen by branch '\(dag.tasks[index].taskID)'"
        for child in dag.graph.downstream(of: index).map(Int.init) where !followed.contains(child) {
            switch records[child].state {
            case .pending, .scheduled, .queued:
                // A scheduled task's entry in the ready queue is dropped when it comes up (`schedule`).
                finish(child, .skipped, note: note)
            case .upForRetry:
                retryWakes.removeValue(forKey: child)?.cancel()
                finish(child, .skipped, note: note)
            case .upstreamFailed:
                overwrite(child, with: .skipped, note: note)
            case .running, .success, .failed, .skipped, .removed:
                break
            }
        }
    }

    /// Replaces the final state of a task that never ran (an upstream failure the branch overrides) and lets every
    /// downstream task whose trigger rule decided on the old state decide again, so that a run ends the same
    /// whether the branch or the failure came first. Tasks already started keep going.
    private func overwrite(_ index: Int, with state: TaskInstanceState, note: String) {
        let old = records[index].state
        propagated[index] = false
        records[index].state = state
        records[index].error = configuration.masker.mask(note)
        records[index].endDate = clock.now()
        setState(index, state, message: records[index].error)
        persist(index)
        guard stopReason != .cancelled else { return }
        var changed: [(index: Int, old: TaskInstanceState, new: TaskInstanceState?)] = [(index, old, state)]
        while let (task, before, after) = changed.popLast() {
            for child in dag.graph.downstream(of: task).map(Int.init) {
                counts[child].forget(before)
                if let after { counts[child].record(after) }
                guard propagated[child] else {
                    // Still waiting: it decides on the new counts; started or finished by running: left alone.
                    if records[child].state == .pending, !decided[child] { worklist.append(child) }
                    continue
                }
                let rule = dag.tasks[child].triggerRule
                switch (rule.decide(counts[child]), records[child].state) {
                case (.skip, .skipped), (.upstreamFailed, .upstreamFailed):
                    continue
                default:
                    changed.append((child, records[child].state, nil))
                    reopen(child)
                }
            }
        }
    }

    /// Puts a task that was decided without running back to pending, to be decided again.
    private func reopen(_ index: Int) {
        propagated[index] = false
        decided[index] = false
        records[index].endDate = nil
        records[index].error = nil
        setState(index, .pending)
        persist(index)
        worklist.append(index)
    }
}

extension UpstreamCounts {
    /// Undoes ``record(_:)`` of `state`, for an upstream task whose final state a branch overwrote.
    mutating func forget(_ state: TaskInstanceState) {
        switch state {
        case .success: success -= 1
        case .skipped: skipped -= 1
        case .failed: failed -= 1
        case .upstreamFailed: upstreamFailed -= 1
        default: break
        }
    }
}
