import Foundation
import Testing
import Updraft

/// Runs: creation is atomic and unique, records round-trip exactly, queries filter and page.
@Suite struct RunConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aCreatedRunReadsBackExactly(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let run = Fixtures.run("manual__1")
        try await store.createRun(run)
        #expect(try await store.run(dagID: "etl", runID: "manual__1") == run)
        #expect(try await store.run(dagID: "etl", runID: "other") == nil)
        #expect(try await store.run(dagID: "other", runID: "manual__1") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func creatingAnExistingRunIsRefusedAndChangesNothing(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        var again = Fixtures.run("r", at: 99)
        again.state = .running
        await #expect(throws: RunStoreError.runExists(dagID: "etl", runID: "r")) { try await store.createRun(again) }
        #expect(try await store.run(dagID: "etl", runID: "r") == Fixtures.run("r"))
        // The same run id in another DAG is another run.
        try await store.createRun(Fixtures.run("r", dag: "other"))
    }

    @Test(arguments: StoreKind.allCases)
    func oneScheduledRunPerLogicalDateButAnyNumberOfManualOnes(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("scheduled__1", type: .scheduled))
        await #expect(throws: RunStoreError.self) {
            try await store.createRun(Fixtures.run("backfill__1", type: .backfill))
        }
        do {
            try await store.createRun(Fixtures.run("scheduled__again", type: .scheduled))
            Issue.record("a second scheduled run for the same logical date was created")
        } catch let error as RunStoreError {
            guard case .logicalDateTaken(_, _, let existing) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(existing == "scheduled__1")
        }
        try await store.createRun(Fixtures.run("manual__a"))
        try await store.createRun(Fixtures.run("manual__b"))
        try await store.createRun(Fixtures.run("scheduled__1", dag: "other", type: .scheduled))
        #expect(try await store.countRuns(matching: RunQuery(dagID: "etl")) == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentCreationOfOneRunHasExactlyOneWinner(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let winners = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { (try? await store.createRun(Fixtures.run("contended", type: .scheduled))) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<200 {
                group.addTask { try await store.createRun(Fixtures.run("many-\(number)", at: Double(number))) }
            }
        }
        #expect(try await store.countRuns(matching: RunQuery(dagID: "etl")) == 201)
    }

    @Test(arguments: StoreKind.allCases)
    func savingARunReplacesItsRecord(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        var run = Fixtures.run("r")
        try await store.createRun(run)
        run.state = .failed
        run.startDate = Fixtures.day
        run.endDate = Fixtures.day.addingTimeInterval(61.5)
        run.note = "deadlock: 2 task(s) could not run"
        try await store.saveRun(run)
        #expect(try await store.run(dagID: "etl", runID: "r") == run)
    }

    @Test(arguments: StoreKind.allCases)
    func queriesFilterSortAndPage(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for (number, state) in [DAGRunState.success, .failed, .success, .running, .success].enumerated() {
            try await store.createRun(Fixtures.run("r\(number)", at: Double(number) * 86_400,
                                                   type: number.isMultiple(of: 2) ? .scheduled : .manual,
                                                   state: state))
        }
        try await store.createRun(Fixtures.run("elsewhere", dag: "other"))
        let all = try await store.runs(matching: RunQuery(dagID: "etl"))
        #expect(all.map(\.runID) == ["r4", "r3", "r2", "r1", "r0"])
        let oldest = try await store.runs(matching: RunQuery(dagID: "etl", oldestFirst: true))
        #expect(oldest.map(\.runID) == ["r0", "r1", "r2", "r3", "r4"])
        let succeeded = try await store.runs(matching: RunQuery(dagID: "etl", states: [.success]))
        #expect(succeeded.map(\.runID) == ["r4", "r2", "r0"])
        let scheduled = try await store.runs(matching: RunQuery(runTypes: [.scheduled], oldestFirst: true))
        #expect(scheduled.map(\.runID) == ["r0", "r2", "r4"])
        let window = RunQuery(dagID: "etl", logicalDateFrom: Fixtures.day.addingTimeInterval(86_400),
                              logicalDateBefore: Fixtures.day.addingTimeInterval(3 * 86_400))
        #expect(try await store.runs(matching: window).map(\.runID) == ["r2", "r1"])
        let page = RunQuery(dagID: "etl", limit: 2, offset: 1)
        #expect(try await store.runs(matching: page).map(\.runID) == ["r3", "r2"])
        #expect(try await store.countRuns(matching: page) == 5)
        #expect(try await store.countRuns(matching: RunQuery(states: [])) == 0)
        #expect(try await store.runs(matching: RunQuery()).count == 6)
    }

    @Test(arguments: StoreKind.allCases)
    func previousRunIsTheLatestBeforeADate(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for number in 0..<4 { try await store.createRun(Fixtures.run("r\(number)", at: Double(number) * 100)) }
        try await store.createRun(Fixtures.run("other", dag: "other", at: 250))
        #expect(try await store.previousRun(dagID: "etl", before: Fixtures.day.addingTimeInterval(250))?.runID == "r2")
        #expect(try await store.previousRun(dagID: "etl", before: Fixtures.day) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingARunDeletesEverythingItHolds(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r"))
        try await store.createRun(Fixtures.run("kept"))
        try await store.saveTaskInstances([Fixtures.instance("a", state: .running, tries: 1)], dagID: "etl",
                                          runID: "r")
        try await store.setXCom("value", key: "return_value", taskID: "a", dagID: "etl", runID: "r")
        try await store.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 1)], dagID: "etl",
                                          runID: "kept")
        #expect(try await store.deleteRun(dagID: "etl", runID: "r"))
        #expect(try await store.deleteRun(dagID: "etl", runID: "r") == false)
        #expect(try await store.run(dagID: "etl", runID: "r") == nil)
        #expect(try await store.taskInstances(dagID: "etl", runID: "r").isEmpty)
        #expect(try await store.xcom(key: "return_value", taskID: "a", dagID: "etl", runID: "r") == nil)
        #expect(try await store.taskInstances(dagID: "etl", runID: "kept").count == 1)
        // The id can be used again, for a new run with nothing of the old one.
        try await store.createRun(Fixtures.run("r"))
        #expect(try await store.taskInstances(dagID: "etl", runID: "r").isEmpty)
    }
}
