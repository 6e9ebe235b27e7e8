import Foundation
import Testing
import Updraft
import UpdraftTesting

/// Run ids: unique defaults, taken ids refused unless resumed, Airflow's allowed characters.
@Suite struct RunIdentityTests {
    private static func counterDAG(_ bodies: CallRecorder<String>) throws -> DAG {
        try DAG("counted") { dag in dag.task("body") { context in bodies.record(context.runID) } }
    }

    @Test func aThousandRunsStartedTogetherAreAThousandRuns() async throws {
        let bodies = CallRecorder<String>()
        let dag = try Self.counterDAG(bodies)
        let store = InMemoryRunStore(retention: .everyRun)
        // The manual clock never moves: every run starts at the same instant, the worst case for default ids.
        let engine = Engine(configuration: Engine.Configuration(clock: ManualClock(autoAdvance: true), store: store))
        let runIDs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<1000 { group.addTask { try await engine.run(dag).run.runID } }
            var ids: [String] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(Set(runIDs).count == 1000)
        #expect(bodies.all.count == 1000, "each body once")
        #expect(Set(bodies.all) == Set(runIDs))
        #expect(Set(store.runIDs(dagID: "counted")) == Set(runIDs))
        #expect(runIDs.allSatisfy(RunID.isValid))
    }

    @Test func theDefaultIDIsAirflowsManualIDWithMicroseconds() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_767_225_600.123456), autoAdvance: true)
        let engine = Engine(configuration: Engine.Configuration(clock: clock))
        let dag = try Self.counterDAG(CallRecorder())
        let first = try await engine.run(dag).run.runID
        #expect(first == "manual__2026-01-01T00:00:00.123456+00:00")
        let second = try await engine.run(dag).run.runID
        #expect(second.hasPrefix(first + "_") && second.count == first.count + 9, "Airflow's random suffix: \(second)")
        #expect(RunID.manual(triggeredAt: Date(timeIntervalSince1970: 0)) == "manual__1970-01-01T00:00:00.000000+00:00")
        #expect(RunID.manual(triggeredAt: Date(timeIntervalSince1970: -0.5))
                == "manual__1969-12-31T23:59:59.500000+00:00")
    }

    @Test func aTakenRunIDIsAnErrorUnlessResumed() async throws {
        let bodies = CallRecorder<String>()
        let dag = try Self.counterDAG(bodies)
        let engine = Engine(configuration: Engine.Configuration(clock: ManualClock(autoAdvance: true)))
        _ = try await engine.run(dag, runID: "nightly")
        let error = await #expect(throws: EngineError.self) { try await engine.run(dag, runID: "nightly") }
        #expect(error?.reason == .runExists && error?.runID == "nightly")
        #expect(error?.description.contains("run 'nightly' already exists") == true)
        let resumed = try await engine.run(dag, runID: "nightly", resume: true)
        #expect(resumed.state == .success)
        #expect(bodies.all == ["nightly"], "the resumed run kept the task that succeeded")
        let missing = await #expect(throws: EngineError.self) {
            try await engine.run(dag, runID: "never-ran", resume: true)
        }
        #expect(missing?.reason == .runNotFound && missing?.description.contains("'never-ran'") == true)
    }

    @Test(arguments: [
        ("", "cannot be empty"), ("daily/2026", "contains '/'"), ("with space", "contains ' '"),
        ("café", "contains 'é'"), ("tab\there", "contains U+9"), (String(repeating: "r", count: 251), "limit is 250"),
    ])
    func invalidRunIDsAreRefusedByName(runID: String, problem: String) async throws {
        let dag = try Self.counterDAG(CallRecorder())
        let error = await #expect(throws: EngineError.self) {
            try await Engine(configuration: Engine.Configuration(clock: ManualClock(autoAdvance: true)))
                .run(dag, runID: runID)
        }
        #expect(error?.reason == .invalidRunID)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "")")
    }

    @Test func airflowsRunIDCharactersAreAccepted() {
        for id in ["manual__2026-01-31T06:00:00+00:00", "scheduled__2026-01-31T06:00:00.123456+00:00",
                   "backfill~1.2_a-b:c+d", ".."] {
            #expect(RunID.isValid(id), "\(id)")
        }
    }
}
