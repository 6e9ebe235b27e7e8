import Foundation
import Testing
import Updraft

/// Task instances and their tries, external handles and XCom values.
@Suite struct TaskInstanceConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func taskInstancesRoundTripWithTheirTries(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        let instances = [Fixtures.instance("b", state: .failed, tries: 3), Fixtures.instance("a"),
                         Fixtures.instance("c", state: .running, tries: 1)]
        try await store.saveTaskInstances(instances, dagID: "etl", runID: "r")
        // Read back at once: a store that batches writes still shows them to the next read.
        let stored = try await store.taskInstances(dagID: "etl", runID: "r")
        #expect(stored == instances.sorted { $0.taskID < $1.taskID })
    }

    @Test(arguments: StoreKind.allCases)
    func savingAgainReplacesStateAndAddsTries(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        try await store.saveTaskInstances([Fixtures.instance("a")], dagID: "etl", runID: "r")
        try await store.saveTaskInstance(Fixtures.instance("a", state: .running, tries: 1), dagID: "etl", runID: "r")
        var finished = Fixtures.instance("a", state: .success, tries: 2)
        finished.endDate = Fixtures.day.addingTimeInterval(100)
        try await store.saveTaskInstance(finished, dagID: "etl", runID: "r")
        #expect(try await store.taskInstances(dagID: "etl", runID: "r") == [finished])
    }

    @Test(arguments: StoreKind.allCases)
    func savingTaskInstancesOfAMissingRunFails(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        await #expect(throws: RunStoreError.runNotFound(dagID: "etl", runID: "nope")) {
            try await store.saveTaskInstances([Fixtures.instance("a")], dagID: "etl", runID: "nope")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func taskInstancesAcrossRunsByState(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for runID in ["r1", "r2", "r3"] {
            try await store.createRun(Fixtures.run(runID, at: Double(runID.last!.wholeNumberValue!)))
            try await store.saveTaskInstances([
                Fixtures.instance("extract", state: .success, tries: 1),
                Fixtures.instance("load", state: runID == "r2" ? .running : .pending, tries: runID == "r2" ? 1 : 0),
            ], dagID: "etl", runID: runID)
        }
        try await store.createRun(Fixtures.run("r1", dag: "other"))
        try await store.saveTaskInstances([Fixtures.instance("load", state: .running, tries: 1)], dagID: "other",
                                          runID: "r1")
        let running = try await store.taskInstances(dagID: "etl", runIDs: nil, states: [.running])
        #expect(running.map { "\($0.runID)/\($0.record.taskID)" } == ["r2/load"])
        #expect(running.first?.record.tries.count == 1)
        let ofTwoRuns = try await store.taskInstances(dagID: "etl", runIDs: ["r1", "r3"], states: nil)
        #expect(ofTwoRuns.map { "\($0.runID)/\($0.record.taskID)" } == ["r1/extract", "r1/load", "r3/extract",
                                                                       "r3/load"])
        #expect(try await store.taskInstances(dagID: "etl", runIDs: [], states: nil).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anExternalHandleSurvivesTheEnginesLaterWrites(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        let running = Fixtures.instance("pod", state: .running, tries: 2)
        try await store.saveTaskInstance(running, dagID: "etl", runID: "r")
        let handle = ExternalHandle(kind: "kubernetes-pod", id: "talend-test-hello-x1y2",
                                    attributes: ["namespace": "default", "labels": "dag_id=etl,task_id=pod"],
                                    recordedAt: Fixtures.day)
        try await store.recordExternalHandle(handle, taskID: "pod", tryNumber: 2, dagID: "etl", runID: "r")
        var finished = running
        finished.state = .success
        finished.tries[1].state = .success
        finished.tries[1].endDate = Fixtures.day.addingTimeInterval(500)
        try await store.saveTaskInstance(finished, dagID: "etl", runID: "r")
        let stored = try #require(try await store.taskInstances(dagID: "etl", runID: "r").first)
        #expect(stored.tries[1].externalHandle == handle)
        #expect(stored.tries[0].externalHandle == nil)
        #expect(stored.state == .success)
        #expect(try await store.externalHandles(taskID: "pod", dagID: "etl", runID: "r") == [2: handle])
        var updated = handle
        updated.attributes["phase"] = "Succeeded"
        try await store.recordExternalHandle(updated, taskID: "pod", tryNumber: 2, dagID: "etl", runID: "r")
        #expect(try await store.externalHandles(taskID: "pod", dagID: "etl", runID: "r") == [2: updated])
    }

    @Test(arguments: StoreKind.allCases)
    func xcomValuesAreKeptPerTaskAndKeyAndCleared(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        try await store.createRun(Fixtures.run("s"))
        let value: JSONValue = ["executionId": "e-1", "count": 3, "ratio": 0.5, "ok": true, "none": nil]
        try await store.setXCom(value, key: "return_value", taskID: "b", dagID: "etl", runID: "r")
        try await store.setXCom("first", key: "pod_name", taskID: "b", dagID: "etl", runID: "r")
        try await store.setXCom("second", key: "pod_name", taskID: "b", dagID: "etl", runID: "r")
        try await store.setXCom(1, key: "return_value", taskID: "a", dagID: "etl", runID: "r")
        try await store.setXCom(2, key: "return_value", taskID: "a", dagID: "etl", runID: "s")
        #expect(try await store.xcom(key: "return_value", taskID: "b", dagID: "etl", runID: "r") == value)
        #expect(try await store.xcom(key: "pod_name", taskID: "b", dagID: "etl", runID: "r") == "second")
        #expect(try await store.xcoms(dagID: "etl", runID: "r", taskID: nil).map { "\($0.taskID).\($0.key)" }
                == ["a.return_value", "b.pod_name", "b.return_value"])
        #expect(try await store.xcoms(dagID: "etl", runID: "r", taskID: "a").map(\.value) == [1])
        try await store.clearXComs(taskID: "b", dagID: "etl", runID: "r")
        #expect(try await store.xcom(key: "return_value", taskID: "b", dagID: "etl", runID: "r") == nil)
        #expect(try await store.xcom(key: "return_value", taskID: "a", dagID: "etl", runID: "r") == 1)
        #expect(try await store.xcom(key: "return_value", taskID: "a", dagID: "etl", runID: "s") == 2)
    }
}
