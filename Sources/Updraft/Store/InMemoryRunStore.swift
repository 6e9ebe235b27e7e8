public import Foundation
import Synchronization

/// A ``RunStore`` in process memory: the default, and what tests use.
///
/// It keeps runs that have not finished, the most recently finished runs of each DAG that its ``retention`` allows,
/// and runs pinned with ``pin(dagID:runID:)``; older finished runs are released with their task instances and XCom
/// values, so an engine that runs run after run stays flat. A result whose run was released still holds its task
/// instances, but no longer reads its XCom values: pin a run you inspect later.
public final class InMemoryRunStore: RunStore {
    private struct RunKey: Hashable {
        var dagID: String
        var runID: String
    }

    private struct State {
        var runs: [RunKey: DAGRunRecord] = [:]
        var instances: [RunKey: [String: TaskInstanceRecord]] = [:]
        var xcoms: [RunKey: [String: [String: JSONValue]]] = [:]  // run → task → key → value
        /// Finished runs per DAG, oldest finish first: the candidates for release.
        var finished: [String: [RunKey]] = [:]
        var pinned: Set<RunKey> = []
    }

    /// Which finished runs are kept.
    public let retention: RunRetention
    private let state = Mutex(State())

    /// An empty store keeping what `retention` says (by default the last 100 finished runs of each DAG).
    public init(retention: RunRetention = .standard) { self.retention = retention }

    public func createRun(_ run: DAGRunRecord) async throws {
        let key = RunKey(dagID: run.dagID, runID: run.runID)
        try state.withLock { state in
            guard state.runs[key] == nil else { throw RunAlreadyExists(dagID: run.dagID, runID: run.runID) }
            state.runs[key] = run
            track(run, key, &state)
        }
    }

    public func saveRun(_ run: DAGRunRecord) async throws {
        let key = RunKey(dagID: run.dagID, runID: run.runID)
        state.withLock { state in
            state.runs[key] = run
            track(run, key, &state)
        }
    }

    public func run(dagID: String, runID: String) async throws -> DAGRunRecord? {
        state.withLock { $0.runs[RunKey(dagID: dagID, runID: runID)] }
    }

    public func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord? {
        state.withLock { state in
            state.runs.values.filter { $0.dagID == dagID && $0.logicalDate < logicalDate }
                .max { $0.logicalDate < $1.logicalDate }
        }
    }

    public func saveTaskInstance(_ instance: TaskInstanceRecord, dagID: String, runID: String) async throws {
        state.withLock { $0.instances[RunKey(dagID: dagID, runID: runID), default: [:]][instance.taskID] = instance }
    }

    public func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        state.withLock { state in
            // Moved out and back so the run's dictionary is updated in place, hashing the run key twice in all.
            let key = RunKey(dagID: dagID, runID: runID)
            var run = state.instances.removeValue(forKey: key) ?? [:]
            run.reserveCapacity(run.count + instances.count)  // the engine's first batch holds every task
            for instance in instances { run[instance.taskID] = instance }
            state.instances[key] = run
        }
    }

    public func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord] {
        state.withLock { state in
            (state.instances[RunKey(dagID: dagID, runID: runID)] ?? [:]).values.sorted { $0.taskID < $1.taskID }
        }
    }

    public func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws {
        state.withLock { $0.xcoms[RunKey(dagID: dagID, runID: runID), default: [:]][taskID, default: [:]][key] = value }
    }

    public func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue? {
        state.withLock { $0.xcoms[RunKey(dagID: dagID, runID: runID)]?[taskID]?[key] }
    }

    public func clearXComs(taskID: String, dagID: String, runID: String) async throws {
        state.withLock { _ = $0.xcoms[RunKey(dagID: dagID, runID: runID)]?.removeValue(forKey: taskID) }
    }

    // MARK: Retention

    /// Keeps run `runID` of `dagID` whatever the retention says, until ``unpin(dagID:runID:)``.
    public func pin(dagID: String, runID: String) {
        state.withLock { _ = $0.pinned.insert(RunKey(dagID: dagID, runID: runID)) }
    }

    /// Lets the retention release run `runID` of `dagID` again (at once if it is no longer among the last runs).
    public func unpin(dagID: String, runID: String) {
        state.withLock { state in
            state.pinned.remove(RunKey(dagID: dagID, runID: runID))
            release(dagID: dagID, &state)
        }
    }

    /// The ids of the runs of `dagID` the store holds, in no particular order.
    public func runIDs(dagID: String) -> [String] {
        state.withLock { state in state.runs.keys.filter { $0.dagID == dagID }.map(\.runID) }
    }

    /// Records whether `run` is finished (a release candidate, newest last) or running again (resumed).
    private func track(_ run: DAGRunRecord, _ key: RunKey, _ state: inout State) {
        guard retention.finishedRunsPerDAG != nil else { return }
        state.finished[key.dagID]?.removeAll { $0 == key }
        guard run.state == .success || run.state == .failed else { return }
        state.finished[key.dagID, default: []].append(key)
        release(dagID: key.dagID, &state)
    }

    /// Releases the finished runs of `dagID` older than the last ones kept, except pinned runs.
    private func release(dagID: String, _ state: inout State) {
        guard let keep = retention.finishedRunsPerDAG, var finished = state.finished[dagID], finished.count > keep
        else { return }
        let older = finished.count - keep
        var kept: [RunKey] = []
        for key in finished[..<older] {
            if state.pinned.contains(key) {
                kept.append(key)
            } else {
                state.runs.removeValue(forKey: key)
                state.instances.removeValue(forKey: key)
                state.xcoms.removeValue(forKey: key)
            }
        }
        finished.replaceSubrange(..<older, with: kept)
        state.finished[dagID] = finished
    }
}
