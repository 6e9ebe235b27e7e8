import Foundation
import Updraft
import UpdraftHTTP
import UpdraftSandbox
import UpdraftTalend

/// Peak resident memory of a DAG process whose operators meet huge and endless answers. The Talend stand-in runs
/// in a child process (`HTTPBenchmark serve-faults`), so its own buffers are not counted; it produces its bodies
/// only as fast as they are read. Each scenario resets the kernel's high-water mark (`/proc/self/clear_refs`),
/// runs one task with live libcurl hooks, and reads `VmHWM` from `/proc/self/status`.
///
///   .build/release/HTTPBenchmark memory
enum ResponseMemory {
    /// The stand-in's faulty paths, each answering every GET the same way.
    static let faults: [SandboxHTTPFault] = [
        .hugeBody(path: "/files/huge", bytes: 1 << 30, count: .max),
        .endlessBody(path: "/files/endless", count: .max),
        .hugeBody(path: "/files/large", bytes: 256 << 20, count: .max),
        .endlessBody(path: "/processing/executions/*", count: .max, method: "GET"),
    ]

    /// Serves the stand-in with ``faults`` on a free port, prints `PORT <n>`, and serves until killed.
    static func serveFaults() async throws -> Never {
        let simulator = TalendCloudSimulator()
        for fault in faults { simulator.injectFault(fault) }
        let server = try await SandboxHTTPServer.start(handler: simulator)
        FileHandle.standardOutput.write(Data("PORT \(server.port)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    static func run() async throws {
        let (child, port) = try startStandIn()
        defer { child.terminate() }
        let connection = GenericConnection(
            connID: "talend_api", connType: "http", host: "http://127.0.0.1:\(port)",
            extra: ["Authorization": .string("Bearer \(TalendCloudSimulator.defaultToken)")])
        let engine = Engine(configuration: Engine.Configuration(
            connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])])))
        let get = { (path: String, options: [String: JSONValue]) in
            SimpleHttpOperator(method: "GET", httpConnID: "talend_api", endpoint: path, extraOptions: options,
                               logResponse: true, retry: .never)
        }
        let scenarios: [(name: String, task: any Operator)] = [
            ("SimpleHttpOperator, 1 GiB body with Content-Length", get("/files/huge", [:])),
            ("SimpleHttpOperator, endless chunked body", get("/files/endless", [:])),
            ("TalendJobOperator, endless chunked status answer",
             TalendJobOperator(executable: "job-long-running", streamLogs: false)),
            // Last, since the heap it leaves behind raises the starting point of what follows.
            ("SimpleHttpOperator, 256 MiB body, `max_response_size` raised to 1 GiB",
             get("/files/large", ["max_response_size": .int(1 << 30)])),
        ]
        print("| scenario | task | RSS before | peak RSS (VmHWM) | wall |")
        print("|---|---|---:|---:|---:|")
        for (index, scenario) in scenarios.enumerated() {
            let dag = try DAG("memory_\(index)") { dag in dag.task("t", scenario.task) }
            let before = resetPeak()
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await engine.run(dag)
            let elapsed = clock.now - start
            let outcome = result.taskInstances["t"].map { "\($0.state.rawValue)" } ?? "?"
            print(String(format: "| %@ | %@ | %d MiB | %d MiB | %.2f s |", scenario.name, outcome, before / 1024,
                         kilobytes("VmHWM") / 1024,
                         Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
    }

    /// This executable in `serve-faults` mode, and the port it printed.
    private static func startStandIn() throws -> (Process, Int) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["serve-faults"]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let text = String(data: line, encoding: .utf8), text.hasPrefix("PORT "),
              let port = Int(text.dropFirst("PORT ".count)) else {
            child.terminate()
            throw EngineError(dagID: "memory", message: "the stand-in did not start")
        }
        return (child, port)
    }

    /// Resets the high-water mark to the current RSS and returns it, in kB.
    private static func resetPeak() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return kilobytes("VmHWM")
    }

    /// A `kB` field of `/proc/self/status` (`VmHWM`, `VmRSS`).
    private static func kilobytes(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
}
