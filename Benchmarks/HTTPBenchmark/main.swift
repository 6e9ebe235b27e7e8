import Foundation
import Updraft
import UpdraftHTTP
import UpdraftSandbox

// HTTP operator benchmark: DAGs of independent SimpleHttpOperator tasks, each starting a Talend Cloud execution
// (`POST /processing/executions`) on the Talend stand-in served on loopback, run by the engine with live libcurl
// hooks and the real clock. Reports wall time per task and requests per second at each `maxActiveTasks`.
//
//   swift build -c release --product HTTPBenchmark && .build/release/HTTPBenchmark [tasks] [parallelism…]
//   (defaults: 500 tasks at maxActiveTasks 1, 16 and 64)
//   .build/release/HTTPBenchmark memory     peak RSS against huge and endless answers (ResponseMemory.swift)

switch CommandLine.arguments.dropFirst().first {
case "memory":
    try await ResponseMemory.run()
    exit(0)
case "serve-faults":
    try await ResponseMemory.serveFaults()
default:
    break
}
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let taskCount = arguments.first ?? 500
let levels = arguments.count > 1 ? Array(arguments.dropFirst()) : [1, 16, 64]

let simulator = TalendCloudSimulator()
let server = try await SandboxHTTPServer.start(handler: simulator)
let connection = GenericConnection(
    connID: "talend_api", connType: "http", host: server.baseURL,
    extra: ["Authorization": .string("Bearer \(TalendCloudSimulator.defaultToken)")])
let engine = Engine(configuration: Engine.Configuration(
    connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])])))

print("| tasks | maxActiveTasks | run | per task | requests/s |")
print("|---:|---:|---:|---:|---:|")
for parallelism in levels {
    let dag = try DAG("http_bench_\(parallelism)", maxActiveTasks: parallelism) { dag in
        for index in 0..<taskCount {
            dag.task("start_\(index)", SimpleHttpOperator(
                httpConnID: "talend_api", endpoint: "/processing/executions",
                data: .json(["executable": "job-succeeds"])))
        }
    }
    let startedBefore = simulator.startedExecutions().count
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await engine.run(dag)
    let elapsed = clock.now - start
    // Every task really started an execution on the stand-in.
    guard result.state == .success, simulator.startedExecutions().count - startedBefore == taskCount else {
        throw EngineError(dagID: dag.dagID, message: "benchmark run ended \(result.state)")
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "| %d | %d | %.3f s | %.3f ms | %.0f |", taskCount, parallelism, seconds,
                 seconds * 1e3 / Double(taskCount), Double(taskCount) / seconds))
}
try await server.shutdown()
