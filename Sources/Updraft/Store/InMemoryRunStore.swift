public import Foundation
import Synchronization

/// A ``RunStore`` in process memory: the default, and what tests use.
public final class InMemoryRunStore: RunStore {
    private struct RunKey: Hashable {
        var dagID: String
        var runID: String
    }

    private struct State {
        var runs: [RunKey: DAGRunRecord] = [:]
        var instances: [RunKey: [String: TaskInstanceRecord]] = [:]
        var xcoms: [RunKey: [String: [String: JSONValue]]] = [:]  // run → task → key → value
    }

    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    public func saveRun(_ run: DAGRunRecord) async throws {
        state.withLock { $0.runs[RunKey(dagID: run.dagID, runID: run.runID)] = run }
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
}
