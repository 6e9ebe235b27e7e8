import BenchmarkShapes
import Foundation
import Updraft

/// One engine with the default configuration (real clock, in-memory store keeping the last runs of each DAG, logs in
/// memory) running `count` runs of a 10-task chain whose tasks log two lines each, one after the other, as a
/// scheduler does; prints the resident memory after the first run and at every tenth of `count` (and after 1,000).
/// With `keepingEveryRun`, the store keeps every run instead (the growth the retention prevents).
func measureConsecutiveRuns(_ count: Int, keepingEveryRun: Bool) async throws {
    let store = InMemoryRunStore(retention: keepingEveryRun ? .everyRun : .standard)
    let engine = Engine(configuration: Engine.Configuration(store: store))
    let dag = try Shape.chain.build(size: 10, tasks: .logging(2))
    let start = ContinuousClock.now
    print("runs     | RSS       | elapsed")
    print("---------|-----------|--------")
    for run in 1...count {
        let result = try await engine.run(dag)
        guard result.state == .success else {
            throw EngineError(dagID: dag.dagID, message: "benchmark run ended \(result.state)")
        }
        if run == 1 || run == 1_000 || run % max(1, count / 10) == 0 {
            let elapsed = (ContinuousClock.now - start).inSeconds
            print(String(format: "%8d | %6.1f MB | %6.1f s", run, Double(memoryStatus("VmRSS")) / 1e6, elapsed))
            fflush(nil)
        }
    }
}
