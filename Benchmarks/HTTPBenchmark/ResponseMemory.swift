import Foundation
import Updraft
import UpdraftHTTP
import UpdraftSandbox
import UpdraftTalend

/// Peak resident memory while operators meet huge and endless answers from the Talend stand-in (served in this
/// process, producing its bodies only as fast as they are read): each scenario resets the kernel's high-water mark
/// (`/proc/self/clear_refs`), runs one task with live libcurl hooks, and reads `VmHWM` from `/proc/self/status`.
///
///   .build/release/HTTPBenchmark memory
enum ResponseMemory {
    struct Scenario {
        var name: String
        var fault: SandboxHTTPFault
        var task: any Operator
    }

    static func run() async throws {
        let simulator = TalendCloudSimulator()
        let server = try await SandboxHTTPServer.start(handler: simulator)
        let connection = GenericConnection(
            connID: "talend_api", connType: "http", host: server.baseURL,
            extra: ["Authorization": .string("Bearer \(TalendCloudSimulator.defaultToken)")])
        let engine = Engine(configuration: Engine.Configuration(
            connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])])))
        let status = "/processing/executions/*"
        let get = { (options: [String: JSONValue]) in
            SimpleHttpOperator(method: "GET", httpConnID: "talend_api", endpoint: "/processing/executions/x",
                               extraOptions: options, logResponse: true, retry: .never)
        }
        let scenarios = [
            Scenario(name: "SimpleHttpOperator, 1 GiB body with Content-Length",
                     fault: .hugeBody(path: status, bytes: 1 << 30), task: get([:])),
            Scenario(name: "SimpleHttpOperator, endless chunked body",
                     fault: .endlessBody(path: status), task: get([:])),
            Scenario(name: "TalendJobOperator, endless chunked status answer",
                     fault: .endlessBody(path: status, method: "GET"),
                     task: TalendJobOperator(executable: "job-long-running", streamLogs: false)),
            // Last, since the heap it leaves behind raises the starting point of what follows.
            Scenario(name: "SimpleHttpOperator, 256 MiB body, `max_response_size` raised to 1 GiB",
                     fault: .hugeBody(path: status, bytes: 256 << 20), task: get(["max_response_size": .int(1 << 30)])),
        ]
        print("| scenario | task | RSS before | peak RSS (VmHWM) | wall |")
        print("|---|---|---:|---:|---:|")
        for (index, scenario) in scenarios.enumerated() {
            simulator.clearFaults()
            simulator.injectFault(scenario.fault)
            let dag = try DAG("memory_\(index)") { dag in dag.task("t", scenario.task) }
            let before = resetAndReadPeak()
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await engine.run(dag)
            let elapsed = clock.now - start
            let outcome = result.taskInstances["t"].map { "\($0.state.rawValue)" } ?? "?"
            print(String(format: "| %@ | %@ | %d MiB | %d MiB | %.2f s |", scenario.name, outcome, megabytes(before),
                         megabytes(peak()),
                         Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
        try await server.shutdown()
    }

    /// Resets the high-water mark to the current RSS and returns it, in kB.
    private static func resetAndReadPeak() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return peak()
    }

    /// `VmHWM` of `/proc/self/status`, in kB.
    private static func peak() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    private static func megabytes(_ kilobytes: Int) -> Int { kilobytes / 1024 }
}
