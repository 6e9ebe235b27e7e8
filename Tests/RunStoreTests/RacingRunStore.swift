import Foundation
import Synchronization
import Updraft

/// A store that lets another process act at one chosen moment: the first time a lease is asked for, `race` runs on
/// the underlying store before the request reaches it — as when another replica writes between an engine's read of
/// a run and its lease. Everything else goes straight to the underlying store.
final class RacingRunStore: RunStore {
    typealias Race = @Sendable (any RunStore) async throws -> Void

    private let base: any RunStore
    private let race: Mutex<Race?>

    init(_ base: any RunStore, beforeFirstLease race: @escaping Race) {
        self.base = base
        self.race = Mutex(race)
    }

    func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws {
        if let race = race.withLock({ race in defer { race = nil }; return race }) { try await race(base) }
        try await base.acquireLease(lease, dagID: dagID, runID: runID, now: now)
    }

    func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date, maxActiveRuns: Int) async throws {
        if let race = race.withLock({ race in defer { race = nil }; return race }) { try await race(base) }
        try await base.acquireLease(lease, dagID: dagID, runID: runID, now: now, maxActiveRuns: maxActiveRuns)
    }

    func createRun(_ run: DAGRunRecord) async throws { try await base.createRun(run) }
    func saveRun(_ run: DAGRunRecord) async throws { try await base.saveRun(run) }
    func run(dagID: String, runID: String) async throws -> DAGRunRecord? {
        try await base.run(dagID: dagID, runID: runID)
    }
    func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord? {
        try await base.previousRun(dagID: dagID, before: logicalDate)
    }
    func runs(matching query: RunQuery) async throws -> [DAGRunRecord] { try await base.runs(matching: query) }
    func countRuns(matching query: RunQuery) async throws -> Int { try await base.countRuns(matching: query) }
    func deleteRun(dagID: String, runID: String) async throws -> Bool {
        try await base.deleteRun(dagID: dagID, runID: runID)
    }
    func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        try await base.saveTaskInstances(instances, dagID: dagID, runID: runID)
    }
    func startTries(_ instances: [TaskInstanceRecord], dagID: String, runID: String,
                    limits: TrySlotLimits, now: Date) async throws -> [String] {
        try await base.startTries(instances, dagID: dagID, runID: runID, limits: limits, now: now)
    }
    func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord] {
        try await base.taskInstances(dagID: dagID, runID: runID)
    }
    func taskInstances(dagID: String, runIDs: [String]?, states: Set<TaskInstanceState>?) async throws
        -> [StoredTaskInstance] {
        try await base.taskInstances(dagID: dagID, runIDs: runIDs, states: states)
    }
    func recordExternalHandle(_ handle: ExternalHandle, taskID: String, tryNumber: Int, dagID: String,
                              runID: String) async throws {
        try await base.recordExternalHandle(handle, taskID: taskID, tryNumber: tryNumber, dagID: dagID, runID: runID)
    }
    func externalHandles(taskID: String, dagID: String, runID: String) async throws -> [Int: ExternalHandle] {
        try await base.externalHandles(taskID: taskID, dagID: dagID, runID: runID)
    }
    func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws {
        try await base.setXCom(value, key: key, taskID: taskID, dagID: dagID, runID: runID)
    }
    func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue? {
        try await base.xcom(key: key, taskID: taskID, dagID: dagID, runID: runID)
    }
    func xcoms(dagID: String, runID: String, taskID: String?) async throws -> [XComRecord] {
        try await base.xcoms(dagID: dagID, runID: runID, taskID: taskID)
    }
    func clearXComs(taskID: String, dagID: String, runID: String) async throws {
        try await base.clearXComs(taskID: taskID, dagID: dagID, runID: runID)
    }
    func renewLease(_ lease: RunLease, dagID: String, runID: String) async throws {
        try await base.renewLease(lease, dagID: dagID, runID: runID)
    }
    func releaseLease(ownerID: String, dagID: String, runID: String) async throws {
        try await base.releaseLease(ownerID: ownerID, dagID: dagID, runID: runID)
    }
    func lease(dagID: String, runID: String) async throws -> RunLease? {
        try await base.lease(dagID: dagID, runID: runID)
    }
    func registerDAG(_ record: DAGRecord) async throws -> DAGRecord { try await base.registerDAG(record) }
    func setPaused(_ paused: Bool, dagID: String) async throws { try await base.setPaused(paused, dagID: dagID) }
    func dag(dagID: String) async throws -> DAGRecord? { try await base.dag(dagID: dagID) }
    func dags() async throws -> [DAGRecord] { try await base.dags() }
    func claimTries(_ claim: TryClaim, dagIDs: [String], limit: Int, now: Date) async throws -> [ClaimedTry] {
        try await base.claimTries(claim, dagIDs: dagIDs, limit: limit, now: now)
    }
    func renewTryClaims(_ claim: TryClaim) async throws -> [ClaimedTry] { try await base.renewTryClaims(claim) }
    func endClaimedTry(_ attempt: TryRecord, taskID: String, dagID: String, runID: String, ownerID: String)
        async throws {
        try await base.endClaimedTry(attempt, taskID: taskID, dagID: dagID, runID: runID, ownerID: ownerID)
    }
    func collectClaimedTries(dagID: String, runID: String, takeOver claim: TryClaim, now: Date) async throws
        -> ClaimedTryCollection {
        try await base.collectClaimedTries(dagID: dagID, runID: runID, takeOver: claim, now: now)
    }
    func changeSignals() -> AsyncStream<Void> { base.changeSignals() }
    func slotSignals() -> AsyncStream<Void> { base.slotSignals() }
    func claimedTryEndSignals(dagID: String, runID: String) -> AsyncStream<Void> {
        base.claimedTryEndSignals(dagID: dagID, runID: runID)
    }
    var isDurable: Bool { base.isDurable }
    func sync() async throws { try await base.sync() }
}
