import Foundation
import Testing
import Updraft
import UpdraftTesting

/// The in-memory store: atomic run creation and a retention that keeps a long-lived engine flat.
@Suite struct InMemoryRunStoreTests {
    private static func run(_ id: String, _ state: DAGRunState, dag: String = "d") -> DAGRunRecord {
        DAGRunRecord(dagID: dag, runID: id, logicalDate: Date(timeIntervalSince1970: 0), state: state)
    }

    @Test func exactlyOneOfManyCreatorsOfARunSucceeds() async throws {
        let store = InMemoryRunStore()
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        try await store.createRun(Self.run("same", .queued))
                        return true
                    } catch let error as RunStoreError {
                        return error == .runExists(dagID: "d", runID: "same") ? false : true
                    } catch {
                        return true
                    }
                }
            }
            var created: [Bool] = []
            for await outcome in group { created.append(outcome) }
            return created
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(RunStoreError.runExists(dagID: "d", runID: "same").description.contains("run 'same' of DAG 'd' already exists"))
        try await store.createRun(Self.run("same", .queued, dag: "other"))  // ids are per DAG
    }

    @Test func onlyTheLastFinishedRunsAndPinnedRunsAreKept() async throws {
        let store = InMemoryRunStore(retention: .lastRuns(3))
        try await store.createRun(Self.run("r0", .running))
        try await store.setXCom(.int(1), key: "return_value", taskID: "t", dagID: "d", runID: "r0")
        try await store.saveRun(Self.run("r0", .success))
        store.pin(dagID: "d", runID: "r0")
        for index in 1...6 {
            try await store.createRun(Self.run("r\(index)", .running))
            try await store.saveTaskInstance(TaskInstanceRecord(taskID: "t"), dagID: "d", runID: "r\(index)")
            try await store.setXCom(.int(Int64(index)), key: "return_value", taskID: "t", dagID: "d", runID: "r\(index)")
            try await store.saveRun(Self.run("r\(index)", index == 6 ? .running : .failed))
        }
        #expect(Set(store.runIDs(dagID: "d")) == ["r0", "r3", "r4", "r5", "r6"], "pinned, last three, running")
        #expect(try await store.xcom(key: "return_value", taskID: "t", dagID: "d", runID: "r2") == nil)
        #expect(try await store.taskInstances(dagID: "d", runID: "r1").isEmpty)
        #expect(try await store.xcom(key: "return_value", taskID: "t", dagID: "d", runID: "r0") == .int(1))
        store.unpin(dagID: "d", runID: "r0")
        #expect(Set(store.runIDs(dagID: "d")) == ["r3", "r4", "r5", "r6"])
        try await store.saveRun(Self.run("r6", .success))
        #expect(Set(store.runIDs(dagID: "d")) == ["r4", "r5", "r6"])
    }

    @Test func aResumedRunIsNotReleasedWhileItRuns() async throws {
        let store = InMemoryRunStore(retention: .lastRuns(1))
        try await store.createRun(Self.run("old", .failed))
        try await store.saveRun(Self.run("old", .running))  // resumed
        try await store.createRun(Self.run("new", .success))
        #expect(Set(store.runIDs(dagID: "d")) == ["old", "new"])
    }

    @Test func anEngineRunningRunAfterRunKeepsTheDefaultNumberOfRuns() async throws {
        let store = InMemoryRunStore()
        let engine = Engine(configuration: Engine.Configuration(clock: ManualClock(autoAdvance: true), store: store))
        let dag = try DAG("many") { dag in dag.task("t") { _ in 1 } }
        var last: DAGRunResult?
        for _ in 0..<150 { last = try await engine.run(dag) }
        #expect(store.runIDs(dagID: "many").count == RunRetention.standard.finishedRunsPerDAG)
        #expect(try await last?.xcom(Int.self, from: "t") == 1, "the latest run is still inspectable")
    }
}
