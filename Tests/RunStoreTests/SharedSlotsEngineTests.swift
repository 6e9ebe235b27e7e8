import Foundation
import Synchronization
import Testing
import Updraft

/// The engine on every store: `maxActiveTasks` and pools hold across runs and across processes (two engines on two
/// instances of one database), as Airflow's hold across its schedulers; a refused task starts when a try ends.
@Suite struct SharedSlotsEngineTests {
    /// Two engines, each on its own instance of the store, running one run each at once.
    static func runTwice(_ kind: StoreKind, _ first: DAG, _ second: DAG, pools: Pools = Pools()) async throws
        -> [DAGRunResult] {
        let (one, other) = try await kind.makeStorePair()
        let engines = [one, other].map {
            Engine(configuration: Engine.Configuration(store: $0, pools: pools, leaseDuration: .seconds(30)))
        }
        async let a = engines[0].run(first, runID: "a")
        async let b = engines[1].run(second, runID: "b")
        return try await [a, b]
    }

    @Test(arguments: StoreKind.allCases)
    func maxActiveTasksHoldsAcrossRunsAndProcesses(kind: StoreKind) async throws {
        let slots = SlotGauge()
        let dag = try DAG("shared", maxActiveTasks: 2) { dag in
            for number in 1...5 { dag.task("t\(number)") { _ in try await slots.hold(1, for: .milliseconds(200)) } }
        }
        let results = try await Self.runTwice(kind, dag, dag)
        #expect(results.allSatisfy { $0.state == .success })
        #expect(slots.entries == 10)
        // Each engine alone runs 2 at once (its run's own limit): 4 in all without the count the store keeps.
        #expect(slots.peak == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aPoolIsSharedByEveryDAG(kind: StoreKind) async throws {
        let slots = SlotGauge()
        let wide = try DAG("wide") { dag in
            for number in 1...3 {
                dag.task("w\(number)", options: TaskOptions(pool: "k8s", poolSlots: 2)) { _ in
                    try await slots.hold(2, for: .milliseconds(200))
                }
            }
        }
        let narrow = try DAG("narrow") { dag in
            for number in 1...4 {
                dag.task("n\(number)", options: TaskOptions(pool: "k8s")) { _ in
                    try await slots.hold(1, for: .milliseconds(200))
                }
            }
        }
        let results = try await Self.runTwice(kind, wide, narrow, pools: Pools(["k8s": 3]))
        #expect(results.allSatisfy { $0.state == .success })
        #expect(slots.entries == 7)
        #expect(slots.peak <= 3, "the pool's 3 slots hold across both DAGs and both processes")
        #expect(slots.peak >= 2)
    }
}

/// Pool slots in use at once by task bodies, and the most ever in use.
final class SlotGauge: Sendable {
    private let state = Mutex((current: 0, peak: 0, entries: 0))

    /// Holds `slots` for `duration` of work.
    func hold(_ slots: Int, for duration: Duration) async throws {
        state.withLock { $0.current += slots; $0.peak = max($0.peak, $0.current); $0.entries += 1 }
        defer { state.withLock { $0.current -= slots } }
        try await Task.sleep(for: duration)
    }

    var peak: Int { state.withLock { $0.peak } }
    var entries: Int { state.withLock { $0.entries } }
}
