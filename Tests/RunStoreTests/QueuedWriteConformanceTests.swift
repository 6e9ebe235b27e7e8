import Foundation
import Testing
import Updraft

/// Writes a durable store queues and commits together take effect as if made one by one, in their order.
@Suite struct QueuedWriteConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func xcomClearsAndSetsApplyInTheirOrder(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        try await store.setXCom(1, key: "a", taskID: "t", dagID: "etl", runID: "r")
        try await store.setXCom(2, key: "b", taskID: "t", dagID: "etl", runID: "r")
        try await store.sync()
        // Queued together: a value set before the clear goes, values set after it stay, whatever was stored before.
        try await store.setXCom(3, key: "a", taskID: "t", dagID: "etl", runID: "r")
        try await store.clearXComs(taskID: "t", dagID: "etl", runID: "r")
        try await store.setXCom(4, key: "b", taskID: "t", dagID: "etl", runID: "r")
        try await store.setXCom(5, key: "c", taskID: "t", dagID: "etl", runID: "r")
        try await store.setXCom(6, key: "a", taskID: "other", dagID: "etl", runID: "r")
        let stored = try await store.xcoms(dagID: "etl", runID: "r", taskID: nil)
        #expect(stored.map { "\($0.taskID).\($0.key)" } == ["other.a", "t.b", "t.c"])
        #expect(stored.map(\.value) == [6, 4, 5])
        try await store.clearXComs(taskID: "t", dagID: "etl", runID: "r")
        try await store.sync()
        #expect(try await store.xcoms(dagID: "etl", runID: "r", taskID: "t").isEmpty)
        #expect(try await store.xcom(key: "a", taskID: "other", dagID: "etl", runID: "r") == 6)
    }

    @Test(arguments: StoreKind.allCases)
    func aRunAndItsTaskInstancesChangedTogether(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        var run = Fixtures.run("r")
        try await store.createRun(run)
        try await store.saveTaskInstances([Fixtures.instance("a"), Fixtures.instance("b")], dagID: "etl", runID: "r")
        try await store.saveTaskInstance(Fixtures.instance("a", state: .running, tries: 1), dagID: "etl", runID: "r")
        run.state = .running
        run.startDate = Fixtures.day
        try await store.saveRun(run)
        var finished = Fixtures.instance("a", state: .success, tries: 1)
        finished.tries[0].endDate = Fixtures.day.addingTimeInterval(3)
        finished.endDate = Fixtures.day.addingTimeInterval(3)
        try await store.saveTaskInstance(finished, dagID: "etl", runID: "r")
        run.state = .success
        run.endDate = Fixtures.day.addingTimeInterval(4)
        try await store.saveRun(run)
        #expect(try await store.run(dagID: "etl", runID: "r") == run)
        #expect(try await store.taskInstances(dagID: "etl", runID: "r") == [finished, Fixtures.instance("b")])
    }

    @Test(arguments: StoreKind.allCases)
    func interleavedWritesOfSeveralRunsKeepTheLastOfEach(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let runs = ["r1", "r2", "r3"]
        for (number, runID) in runs.enumerated() { try await store.createRun(Fixtures.run(runID, at: Double(number))) }
        let states: [TaskInstanceState] = [.scheduled, .queued, .running, .success]
        for state in states {
            for runID in runs {
                let batch = (0..<50).map { Fixtures.instance("task-\($0)", state: state, tries: state == .scheduled ? 0 : 1) }
                try await store.saveTaskInstances(batch, dagID: "etl", runID: runID)
            }
        }
        try await store.sync()
        for runID in runs {
            let stored = try await store.taskInstances(dagID: "etl", runID: runID)
            #expect(stored.count == 50)
            #expect(stored.allSatisfy { $0.state == .success && $0.tries.count == 1 && $0.tries[0].state == .success })
        }
    }
}
