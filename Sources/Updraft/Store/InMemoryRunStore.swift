public import Foundation
import Synchronization

/// A ``RunStore`` in process memory: what tests and `dag.test` use. Nothing survives the process.
///
/// It keeps runs that have not finished, the most recently finished runs of each DAG that its ``retention`` allows,
/// and runs pinned with ``pin(dagID:runID:)``; older finished runs are released with their task instances and XCom
/// values, so an engine that runs run after run stays flat. A result whose run was released still holds its task
/// instances, but no longer reads its XCom values: pin a run you inspect later.
///
/// Unlike a durable store, it accepts XCom values and external handles for runs it does not hold, so that a single
/// operator can be tried with `TaskContext.forTesting` without a run around it.
public final class InMemoryRunStore: RunStore {
    private struct RunKey: Hashable {
        var dagID: String
        var runID: String
    }

    private struct StoredRun {
        var record: DAGRunRecord
        var instances: [String: TaskInstanceRecord] = [:]
        var lease: RunLease?
    }

    /// What belongs to a run but may exist without it (see the type's documentation).
    /// A run's running tries with the pool slots each holds, and the slots held per pool: a start counts a run's
    /// tries in one step per pool, not one per try.
    private struct RunningTries {
        private(set) var holds: [String: (pool: String, slots: Int)] = [:]
        private(set) var slotsByPool: [String: Int] = [:]

        var count: Int { holds.count }
        var isEmpty: Bool { holds.isEmpty }

        mutating func add(_ instance: TaskInstanceRecord) {
            if let earlier = holds.updateValue((instance.pool, instance.poolSlots), forKey: instance.taskID) {
                slotsByPool[earlier.pool, default: 0] -= earlier.slots
            }
            slotsByPool[instance.pool, default: 0] += instance.poolSlots
        }

        /// Whether the task was running.
        @discardableResult mutating func remove(_ taskID: String) -> Bool {
            guard let hold = holds.removeValue(forKey: taskID) else { return false }
            slotsByPool[hold.pool, default: 0] -= hold.slots
            return true
        }

        func hold(of taskID: String) -> (pool: String, slots: Int)? { holds[taskID] }

        var taskIDs: Dictionary<String, (pool: String, slots: Int)>.Keys { holds.keys }
    }

    /// A claim on one try of a task.
    private struct HeldClaim {
        var tryNumber: Int
        var claim: TryClaim
    }

    private struct RunAttachments {
        var xcoms: [String: [String: JSONValue]] = [:]  // task → key → value
        /// Kept apart from the task instances, which the engine rewrites whole: a handle belongs to the operator.
        var handles: [String: [Int: ExternalHandle]] = [:]  // task → try → handle
    }

    private struct State {
        var runs: [RunKey: StoredRun] = [:]
        var attachments: [RunKey: RunAttachments] = [:]
        var dags: [String: DAGRecord] = [:]
        /// Finished runs per DAG, oldest finish first: the candidates for release.
        var finished: [String: [RunKey]] = [:]
        var pinned: Set<RunKey> = []
        /// The scheduled and backfill runs of each DAG by logical date: the unique constraint, checked without a
        /// scan of every run kept.
        var automated: [String: [Date: String]] = [:]
        /// Queued and running runs: what a scheduler asks for at every wake, among thousands of finished ones.
        var unfinished: Set<RunKey> = []
        /// The task instances in the running state, by run: what `startTries` counts, without a scan of every task.
        var running: [RunKey: RunningTries] = [:]
        /// The claims on running tries (``claimTries(_:dagIDs:limit:now:)``), by run, then task.
        var claims: [RunKey: [String: HeldClaim]] = [:]

        /// Removes a run with what indexes it.
        mutating func remove(_ key: RunKey) -> StoredRun? {
            guard let removed = runs.removeValue(forKey: key) else { return nil }
            unfinished.remove(key)
            running[key] = nil
            claims[key] = nil
            let date = removed.record.logicalDate
            if automated[key.dagID]?[date] == key.runID { automated[key.dagID]?[date] = nil }
            return removed
        }
    }

    /// Which finished runs are kept.
    public let retention: RunRetention
    private let state = Mutex(State())
    private let changes = ChangeBroadcaster()
    private let slots = ChangeBroadcaster()
    private let claimedTryEnds = KeyedChangeBroadcaster()

    /// An empty store keeping what `retention` says (by default the last 100 finished runs of each DAG).
    public init(retention: RunRetention = .standard) { self.retention = retention }

    /// False: everything lives in this process's memory.
    public var isDurable: Bool { false }

    // MARK: Runs

    public func createRun(_ run: DAGRunRecord) async throws {
        try state.withLock { state in
            let key = RunKey(dagID: run.dagID, runID: run.runID)
            guard state.runs[key] == nil else { throw RunStoreError.runExists(dagID: run.dagID, runID: run.runID) }
            if run.runType != .manual {
                if let taken = state.automated[run.dagID]?[run.logicalDate] {
                    throw RunStoreError.logicalDateTaken(dagID: run.dagID,
                                                         logicalDate: run.logicalDate.formatted(.iso8601),
                                                         existingRunID: taken)
                }
                state.automated[run.dagID, default: [:]][run.logicalDate] = run.runID
            }
            state.runs[key] = StoredRun(record: run)
            track(run, key, &state)
        }
        changes.signal()
    }

    public func saveRun(_ run: DAGRunRecord) async throws {
        state.withLock { state in
            let key = RunKey(dagID: run.dagID, runID: run.runID)
            if state.runs[key] == nil { state.runs[key] = StoredRun(record: run) } else { state.runs[key]?.record = run }
            track(run, key, &state)
        }
        changes.signal()
    }

    public func run(dagID: String, runID: String) async throws -> DAGRunRecord? {
        state.withLock { $0.runs[RunKey(dagID: dagID, runID: runID)]?.record }
    }

    public func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord? {
        state.withLock { state in
            state.runs.values.lazy.map(\.record).filter { $0.dagID == dagID && $0.logicalDate < logicalDate }
                .max { $0.logicalDate < $1.logicalDate }
        }
    }

    public func runs(matching query: RunQuery) async throws -> [DAGRunRecord] {
        let sorted = matching(query)
        let page = sorted.dropFirst(query.offset)
        return Array(query.limit.map { page.prefix($0) } ?? page)
    }

    public func countRuns(matching query: RunQuery) async throws -> Int { matching(query).count }

    private func matching(_ query: RunQuery) -> [DAGRunRecord] {
        state.withLock { state in
            // Filtered before anything is copied, among the unfinished runs alone when only those can match: a
            // scheduler asks for its few open runs among thousands kept.
            let candidates: [DAGRunRecord] = if let states = query.states, states.isSubset(of: [.queued, .running]) {
                state.unfinished.compactMap { state.runs[$0]?.record }.filter(query.matches)
            } else {
                state.runs.values.lazy.filter { query.matches($0.record) }.map(\.record)
            }
            return candidates.sorted { first, second in
                if first.logicalDate != second.logicalDate {
                    return query.oldestFirst == (first.logicalDate < second.logicalDate)
                }
                return query.oldestFirst == (first.runID < second.runID)
            }
        }
    }

    public func deleteRun(dagID: String, runID: String) async throws -> Bool {
        let deleted = state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            state.attachments[key] = nil
            state.finished[dagID]?.removeAll { $0 == key }
            state.pinned.remove(key)
            return state.remove(key) != nil
        }
        changes.signal()
        slots.signal()  // its running tries, if any, no longer count
        return deleted
    }

    // MARK: Task instances

    public func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        let freed = try state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            // Moved out and back so the run is updated in place, hashing the run key twice in all.
            guard var run = state.runs.removeValue(forKey: key) else {
                throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
            }
            run.instances.reserveCapacity(run.instances.count + instances.count)
            // The run's running tries, moved out once per call rather than looked up per task instance.
            var holds = state.running.removeValue(forKey: key) ?? RunningTries()
            var freed = false
            for instance in instances {
                run.instances[instance.taskID] = instance
                if instance.state == .running {
                    holds.add(instance)
                } else if !holds.isEmpty, holds.remove(instance.taskID) {
                    freed = true
                }
            }
            state.runs[key] = run
            if !holds.isEmpty { state.running[key] = holds }
            return freed
        }
        if freed { slots.signal() }
    }

    public func startTries(_ instances: [TaskInstanceRecord], dagID: String, runID: String,
                           limits: TrySlotLimits, now: Date) async throws -> [String] {
        let admitted = try state.withLock { state in
            // The run and its running tries moved out and back: the run key is hashed four times, not per task.
            let key = RunKey(dagID: dagID, runID: runID)
            guard var run = state.runs.removeValue(forKey: key) else {
                throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
            }
            var own = state.running.removeValue(forKey: key) ?? RunningTries()
            // Its own tries, the candidates' rows aside, and those of the live runs.
            var running = own.count
            var poolUsage = own.slotsByPool
            for instance in instances {
                guard let hold = own.hold(of: instance.taskID) else { continue }
                running -= 1
                poolUsage[hold.pool, default: 0] -= hold.slots
            }
            for (other, holds) in state.running {
                guard let stored = state.runs[other], stored.record.state == .running,
                      stored.lease.map({ $0.expiresAt > now }) ?? true else { continue }
                if other.dagID == dagID { running += holds.count }
                for (pool, slots) in holds.slotsByPool where slots > 0 { poolUsage[pool, default: 0] += slots }
            }
            let admitted = limits.admit(instances, running: running, poolUsage: poolUsage)
            for instance in admitted {
                run.instances[instance.taskID] = instance
                own.add(instance)
            }
            state.runs[key] = run
            if !own.isEmpty { state.running[key] = own }
            return admitted
        }
        // Queued tries wake the processes that claim them.
        if admitted.contains(where: \.queuesTry) { slots.signal() }
        return admitted.map(\.taskID)
    }

    public func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord] {
        state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            let handles = state.attachments[key]?.handles ?? [:]
            return (state.runs[key]?.instances.values ?? [:].values).sorted { $0.taskID < $1.taskID }
                .map { Self.withHandles($0, handles[$0.taskID]) }
        }
    }

    public func taskInstances(dagID: String, runIDs: [String]?, states: Set<TaskInstanceState>?) async throws
        -> [StoredTaskInstance] {
        state.withLock { state in
            let wanted = runIDs.map(Set.init)
            return state.runs.filter { $0.key.dagID == dagID && wanted?.contains($0.key.runID) ?? true }
                .sorted { $0.key.runID < $1.key.runID }
                .flatMap { key, run in
                    let handles = state.attachments[key]?.handles ?? [:]
                    return run.instances.values.filter { states?.contains($0.state) ?? true }
                        .sorted { $0.taskID < $1.taskID }
                        .map { StoredTaskInstance(dagID: dagID, runID: key.runID,
                                                  record: Self.withHandles($0, handles[$0.taskID])) }
                }
        }
    }

    public func recordExternalHandle(_ handle: ExternalHandle, taskID: String, tryNumber: Int, dagID: String,
                                     runID: String) async throws {
        state.withLock { $0.attachments[RunKey(dagID: dagID, runID: runID), default: .init()].handles[taskID, default: [:]][tryNumber] = handle }
    }

    public func externalHandles(taskID: String, dagID: String, runID: String) async throws -> [Int: ExternalHandle] {
        state.withLock { $0.attachments[RunKey(dagID: dagID, runID: runID)]?.handles[taskID] ?? [:] }
    }

    private static func withHandles(_ record: TaskInstanceRecord, _ handles: [Int: ExternalHandle]?) -> TaskInstanceRecord {
        guard let handles else { return record }
        var merged = record
        for position in merged.tries.indices {
            merged.tries[position].externalHandle = handles[merged.tries[position].tryNumber]
        }
        return merged
    }

    // MARK: Claimed tries

    public func claimTries(_ claim: TryClaim, dagIDs: [String], limit: Int, now: Date) async throws -> [ClaimedTry] {
        state.withLock { state in
            let wanted = Set(dagIDs)
            // Only running task instances can hold a queued try: the index of those is what is scanned.
            var queued: [(key: RunKey, instance: TaskInstanceRecord)] = []
            for (key, holds) in state.running where wanted.contains(key.dagID) {
                guard let run = state.runs[key], run.record.state == .running else { continue }
                for taskID in holds.taskIDs {
                    if let instance = run.instances[taskID], instance.queuesTry { queued.append((key, instance)) }
                }
            }
            queued.sort { ($0.instance.tries.last?.startDate ?? now) < ($1.instance.tries.last?.startDate ?? now) }
            return queued.prefix(max(limit, 0)).map { key, instance in
                var instance = instance
                var attempt = instance.tries.removeLast()
                attempt.state = .running
                attempt.startDate = now
                attempt.hostname = claim.hostname
                instance.tries.append(attempt)
                state.runs[key]?.instances[instance.taskID] = instance
                state.claims[key, default: [:]][instance.taskID] = HeldClaim(tryNumber: attempt.tryNumber, claim: claim)
                return ClaimedTry(dagID: key.dagID, runID: key.runID, taskID: instance.taskID,
                                  tryNumber: attempt.tryNumber, maxTries: instance.maxTries)
            }
        }
    }

    public func renewTryClaims(_ claim: TryClaim) async throws -> [ClaimedTry] {
        state.withLock { state in
            var held: [ClaimedTry] = []
            for (key, claims) in state.claims {
                for (taskID, existing) in claims where existing.claim.ownerID == claim.ownerID {
                    guard let instance = state.runs[key]?.instances[taskID],
                          Self.isRunning(instance, tryNumber: existing.tryNumber) else {
                        state.claims[key]?[taskID] = nil
                        continue
                    }
                    state.claims[key]?[taskID]?.claim = claim
                    held.append(ClaimedTry(dagID: key.dagID, runID: key.runID, taskID: taskID,
                                           tryNumber: existing.tryNumber, maxTries: instance.maxTries))
                }
            }
            return held.sorted { ($0.runID, $0.taskID) < ($1.runID, $1.taskID) }
        }
    }

    public func endClaimedTry(_ attempt: TryRecord, taskID: String, dagID: String, runID: String, ownerID: String)
        async throws {
        try state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            guard let held = state.claims[key]?[taskID], held.claim.ownerID == ownerID,
                  held.tryNumber == attempt.tryNumber, var instance = state.runs[key]?.instances[taskID],
                  Self.isRunning(instance, tryNumber: attempt.tryNumber) else {
                throw RunStoreError.tryClaimLost(dagID: dagID, runID: runID, taskID: taskID,
                                                 tryNumber: attempt.tryNumber)
            }
            instance.tries[instance.tries.count - 1] = attempt
            state.runs[key]?.instances[taskID] = instance
            state.claims[key]?[taskID] = nil
        }
        claimedTryEnds.signal(KeyedChangeBroadcaster.runKey(dagID: dagID, runID: runID))
    }

    public func collectClaimedTries(dagID: String, runID: String, takeOver claim: TryClaim, now: Date) async throws
        -> ClaimedTryCollection {
        state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            var collection = ClaimedTryCollection()
            guard let run = state.runs[key], let holds = state.running[key] else { return collection }
            let handles = state.attachments[key]?.handles ?? [:]
            for taskID in holds.taskIDs.sorted() {
                guard let instance = run.instances[taskID], let last = instance.tries.last else { continue }
                if last.endDate != nil {
                    collection.ended.append(ClaimedTryEnd(taskID: taskID, attempt: last))
                } else if last.state == .queued {
                    collection.outstanding.append(taskID)
                } else if let held = state.claims[key]?[taskID], held.tryNumber == last.tryNumber,
                          held.claim.ownerID != claim.ownerID {
                    if held.claim.expiresAt > now {
                        collection.outstanding.append(taskID)
                    } else {
                        state.claims[key]?[taskID]?.claim = claim
                        collection.takenOver.append(Self.withHandles(instance, handles[taskID]))
                    }
                }
            }
            return collection
        }
    }

    /// Whether the task instance's try `tryNumber` is its last and still running.
    private static func isRunning(_ instance: TaskInstanceRecord, tryNumber: Int) -> Bool {
        guard instance.state == .running, let last = instance.tries.last else { return false }
        return last.tryNumber == tryNumber && last.state == .running && last.endDate == nil
    }

    // MARK: XCom

    public func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws {
        state.withLock { $0.attachments[RunKey(dagID: dagID, runID: runID), default: .init()].xcoms[taskID, default: [:]][key] = value }
    }

    public func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue? {
        state.withLock { $0.attachments[RunKey(dagID: dagID, runID: runID)]?.xcoms[taskID]?[key] }
    }

    public func xcoms(dagID: String, runID: String, taskID: String?) async throws -> [XComRecord] {
        state.withLock { state in
            let byTask = state.attachments[RunKey(dagID: dagID, runID: runID)]?.xcoms ?? [:]
            return byTask.filter { taskID == nil || $0.key == taskID }.sorted { $0.key < $1.key }.flatMap { task, values in
                values.sorted { $0.key < $1.key }.map { XComRecord(taskID: task, key: $0.key, value: $0.value) }
            }
        }
    }

    public func clearXComs(taskID: String, dagID: String, runID: String) async throws {
        state.withLock { _ = $0.attachments[RunKey(dagID: dagID, runID: runID)]?.xcoms.removeValue(forKey: taskID) }
    }

    // MARK: Ownership

    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws {
        try acquire(lease, key: RunKey(dagID: dagID, runID: runID), now: now, maxActiveRuns: nil)
    }

    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date,
                             maxActiveRuns: Int) async throws {
        try acquire(lease, key: RunKey(dagID: dagID, runID: runID), now: now, maxActiveRuns: maxActiveRuns)
    }

    /// Both lease acquisitions under one lock: the owner check and, for a queued run with a limit, the count of the
    /// DAG's other active runs.
    private func acquire(_ lease: RunLease, key: RunKey, now: Date, maxActiveRuns: Int?) throws {
        try state.withLock { state in
            guard let run = state.runs[key] else {
                throw RunStoreError.runNotFound(dagID: key.dagID, runID: key.runID)
            }
            if let current = run.lease, current.ownerID != lease.ownerID, current.expiresAt > now {
                throw RunStoreError.runOwned(dagID: key.dagID, runID: key.runID, owner: current)
            }
            if let maxActiveRuns, run.record.state == .queued {
                let active = state.unfinished.filter { other in
                    guard other.dagID == key.dagID, other != key, let stored = state.runs[other] else { return false }
                    return stored.record.state == .running || (stored.lease.map { $0.expiresAt > now } ?? false)
                }.count
                if active >= maxActiveRuns {
                    throw RunStoreError.activeRunsFull(dagID: key.dagID, runID: key.runID, limit: maxActiveRuns)
                }
            }
            state.runs[key]?.lease = lease
        }
    }

    public func renewLease(_ lease: RunLease, dagID: String, runID: String) async throws {
        try state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            guard state.runs[key]?.lease?.ownerID == lease.ownerID else {
                throw RunStoreError.leaseLost(dagID: dagID, runID: runID)
            }
            state.runs[key]?.lease = lease
        }
    }

    public func releaseLease(ownerID: String, dagID: String, runID: String) async throws {
        state.withLock { state in
            let key = RunKey(dagID: dagID, runID: runID)
            if state.runs[key]?.lease?.ownerID == ownerID { state.runs[key]?.lease = nil }
        }
    }

    public func lease(dagID: String, runID: String) async throws -> RunLease? {
        state.withLock { $0.runs[RunKey(dagID: dagID, runID: runID)]?.lease }
    }

    // MARK: DAGs

    public func registerDAG(_ record: DAGRecord) async throws -> DAGRecord {
        let stored = state.withLock { state in
            var registered = record
            if let known = state.dags[record.dagID] { registered.isPaused = known.isPaused }
            state.dags[record.dagID] = registered
            return registered
        }
        changes.signal()
        return stored
    }

    public func setPaused(_ paused: Bool, dagID: String) async throws {
        try state.withLock { state in
            guard state.dags[dagID] != nil else { throw RunStoreError.dagNotFound(dagID: dagID) }
            state.dags[dagID]?.isPaused = paused
        }
        changes.signal()
    }

    public func dag(dagID: String) async throws -> DAGRecord? { state.withLock { $0.dags[dagID] } }

    public func dags() async throws -> [DAGRecord] {
        state.withLock { $0.dags.values.sorted { $0.dagID < $1.dagID } }
    }

    public func changeSignals() -> AsyncStream<Void> { changes.stream() }

    public func slotSignals() -> AsyncStream<Void> { slots.stream() }

    public func claimedTryEndSignals(dagID: String, runID: String) -> AsyncStream<Void> {
        claimedTryEnds.stream(KeyedChangeBroadcaster.runKey(dagID: dagID, runID: runID))
    }

    // MARK: Durability

    public func sync() async throws {}

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
        if run.state == .queued || run.state == .running {
            state.unfinished.insert(key)
        } else {
            state.unfinished.remove(key)
        }
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
                _ = state.remove(key)
                state.attachments.removeValue(forKey: key)
            }
        }
        finished.replaceSubrange(..<older, with: kept)
        state.finished[dagID] = finished
    }
}
