import BenchmarkShapes
import Foundation
import Updraft
import UpdraftCLI

// The command line of a DAG executable on big DAGs, for BENCHMARKS.md: `CLIBenchmark run` runs one DAG chosen by
// the environment, so that the process holds nothing else (its peak memory is the run's):
//
//   UPDRAFT_BENCH_SHAPE=chain|layered|fan  (default chain)
//   UPDRAFT_BENCH_TASKS=40000              (default 10000)
//   UPDRAFT_BENCH_TASKS_KIND=logging10     (closure: no-op closures, logging<N>: closures logging N lines each)
//
// scripts/bench-cli.sh runs the matrix with /usr/bin/time.
@main struct CLIBenchmark: DAGExecutable {
    static func makeDAGs() throws -> [DAG] {
        let environment = ProcessInfo.processInfo.environment
        let shape = environment["UPDRAFT_BENCH_SHAPE"].flatMap(Shape.init(rawValue:)) ?? .chain
        let size = environment["UPDRAFT_BENCH_TASKS"].flatMap(Int.init) ?? 10_000
        let kind = environment["UPDRAFT_BENCH_TASKS_KIND"].flatMap(TaskKind.init) ?? .closure
        return [try shape.build(size: size, tasks: kind)]
    }
}
