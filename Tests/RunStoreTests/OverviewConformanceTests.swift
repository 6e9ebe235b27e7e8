import Foundation
import Testing
import Updraft

/// The overviews the web pages read at once for many DAGs and runs agree with the per-run queries they replace.
@Suite struct OverviewConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func theLatestRunsAndFailedCountsOfManyDAGsAtOnce(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for index in 0..<5 {
            var run = Fixtures.run("run_\(index)", at: Double(index) * 60)
            run.state = index % 2 == 0 ? .failed : .success
            try await store.createRun(run)
        }
        // Two runs at one logical date: the larger run id counts as newer, as `runs(matching:)` orders them.
        try await store.createRun(Fixtures.run("b", dag: "other", at: 0))
        try await store.createRun(Fixtures.run("a", dag: "other", at: 0))
        try await store.createRun(Fixtures.run("lonely", dag: "unlisted"))

        let overviews = try await store.runsOverview(dagIDs: ["etl", "other", "never_ran"], latest: 3)
        #expect(overviews["etl"]?.latestRuns.map(\.runID) == ["run_4", "run_3", "run_2"])
        #expect(overviews["etl"]?.latestRuns.map(\.state) == [.failed, .success, .failed])
        #expect(overviews["etl"]?.latestRuns.first?.logicalDate == Fixtures.run("run_4", at: 240).logicalDate)
        #expect(overviews["etl"]?.failedRuns == 3)
        #expect(overviews["other"] == DAGRunsOverview(latestRuns: [
            RunSummary(Fixtures.run("b", dag: "other")), RunSummary(Fixtures.run("a", dag: "other")),
        ], failedRuns: 0))
        #expect((overviews["never_ran"] ?? DAGRunsOverview()) == DAGRunsOverview())
        #expect(overviews["unlisted"] == nil)
        for dagID in ["etl", "other"] {
            let expected = try await store.runs(matching: RunQuery(dagID: dagID, limit: 3)).map(RunSummary.init)
            #expect(overviews[dagID]?.latestRuns == expected, "as runs(matching:) for \(dagID)")
        }
        #expect(try await store.runsOverview(dagIDs: [], latest: 3).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theStatesOfAGridOfRunsAndTasks(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for runID in ["r1", "r2", "r3"] {
            try await store.createRun(Fixtures.run(runID))
            try await store.saveTaskInstances([
                Fixtures.instance("extract", state: .success, tries: 1),
                Fixtures.instance("load", state: runID == "r2" ? .failed : .running, tries: 1),
            ], dagID: "etl", runID: runID)
        }
        let cells = try await store.taskInstanceStates(dagID: "etl", runIDs: ["r1", "r2", "nope"])
        let byCell = Dictionary(uniqueKeysWithValues: cells.map { ("\($0.runID)/\($0.taskID)", $0.state) })
        #expect(byCell == ["r1/extract": .success, "r1/load": .running, "r2/extract": .success, "r2/load": .failed])
        #expect(try await store.taskInstanceStates(dagID: "etl", runIDs: []).isEmpty)
        #expect(try await store.taskInstanceStates(dagID: "other", runIDs: ["r1"]).isEmpty)
    }
}

/// A page of the DAG list filtered and paged in the store agrees with filtering every DAG.
@Suite struct DAGQueryConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func dagsAreFilteredByIdAndPausedAndPaged(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        for dagID in ["Talend_Load", "talend_extract", "reports", "talend_zeta", "misc"] {
            _ = try await store.registerDAG(DAGRecord(dagID: dagID, isPaused: dagID == "talend_zeta"))
        }
        let talend = DAGQuery(idContaining: "TALEND")
        #expect(try await store.dags(matching: talend).map(\.dagID) == ["Talend_Load", "talend_extract", "talend_zeta"])
        #expect(try await store.countDAGs(matching: talend) == 3)
        let page = DAGQuery(idContaining: "talend", limit: 1, offset: 1)
        #expect(try await store.dags(matching: page).map(\.dagID) == ["talend_extract"])
        #expect(try await store.countDAGs(matching: page) == 3, "limit and offset do not change the count")
        let unpaused = DAGQuery(idContaining: "talend", paused: false)
        #expect(try await store.dags(matching: unpaused).map(\.dagID) == ["Talend_Load", "talend_extract"])
        #expect(try await store.dags(matching: DAGQuery(paused: true)).map(\.dagID) == ["talend_zeta"])
        // By id in code-point order, whatever the database's collation: capitals first.
        #expect(try await store.dags(matching: DAGQuery(offset: 3)).map(\.dagID) == ["talend_extract", "talend_zeta"])
        #expect(try await store.dags(matching: DAGQuery(idContaining: "")).count == 5)
        #expect(try await store.dags(matching: DAGQuery()) == store.dags())
    }
}
