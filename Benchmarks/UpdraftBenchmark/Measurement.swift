import BenchmarkShapes
import Foundation
import Updraft

/// One configuration's figures.
struct BenchmarkReport {
    static let header =
        "tasks   | shape    |       N |   edges | build+validate |      run | overhead/task | CPU/task | peak RSS | mem/task"
        + "\n--------|----------|---------|---------|----------------|----------|---------------|----------|----------|---------"

    var kind: TaskKind
    var shape: Shape
    var size: Int
    var edges: Int
    var build: Duration
    var run: Duration
    /// User + system CPU time of the run: unlike wall time, barely affected by other processes on the machine.
    var runCPU: Duration
    var peakBytes: Int
    var baselineBytes: Int

    var line: String {
        let perTask = run.inSeconds * 1e6 / Double(size)
        let memoryPerTask = Double(peakBytes - baselineBytes) / Double(size)
        return [
            kind.description.padding(toLength: 7, withPad: " ", startingAt: 0),
            shape.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0),
            pad(size, 7), pad(edges, 7),
            pad(String(format: "%.1f ms", build.inSeconds * 1e3), 14),
            pad(String(format: "%.1f ms", run.inSeconds * 1e3), 8),
            pad(String(format: "%.2f µs", perTask), 13),
            pad(String(format: "%.2f µs", runCPU.inSeconds * 1e6 / Double(size)), 8),
            pad(String(format: "%.1f MB", Double(peakBytes) / 1e6), 8),
            pad(String(format: "%.0f B", memoryPerTask), 8),
        ].joined(separator: " | ")
    }

    private func pad(_ value: Any, _ width: Int) -> String {
        let text = "\(value)"
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// Builds and runs one no-op DAG with the default engine (real clock, in-memory store, logs captured).
func measure(shape: Shape, size: Int, tasks kind: TaskKind) async throws -> BenchmarkReport {
    let baseline = memoryStatus("VmRSS")
    let clock = ContinuousClock()
    let buildStart = clock.now
    let dag = try shape.build(size: size, tasks: kind)
    let build = clock.now - buildStart
    let engine = Engine()
    let runStart = clock.now
    let cpuStart = processCPUTime()
    let result = try await engine.run(dag)
    let runCPU = processCPUTime() - cpuStart
    let run = clock.now - runStart
    guard result.state == .success else {
        throw EngineError(dagID: dag.dagID, message: "benchmark run ended \(result.state)")
    }
    return BenchmarkReport(kind: kind, shape: shape, size: size, edges: dag.edges.count, build: build, run: run, runCPU: runCPU,
                           peakBytes: memoryStatus("VmHWM"), baselineBytes: baseline)
}
