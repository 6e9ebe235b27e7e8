import Foundation
import Logging
import ServiceLifecycle
import Updraft
import UpdraftSQLite
import UpdraftWeb

// The web UI's and REST API's cost on a large SQLite store (issue 18): the DAG list page with 1,000 DAGs, a 100 runs
// × 100 tasks grid out of 1,000,000 task instances, and `/api/v2/dags?limit=100` latency, each measured over HTTP on
// loopback with curl (one connection, requests in a row; `time_total` of each); then the task-instances endpoint's
// requests per second under `wrk` (apt package `wrk`).
//
//   swift build -c release --product WebBenchmark && .build/release/WebBenchmark

let dagCount = 1_000, runsPerDAG = 10
let gridTasks = 100, gridRuns = 10_000

func fill(_ store: SQLiteRunStore) async throws {
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    for index in 0..<dagCount {
        let dagID = String(format: "talend_job_%04d", index)
        _ = try await store.registerDAG(DAGRecord(dagID: dagID, schedule: "@hourly", timetable: "CronTimetable",
                                                  tags: ["talend"], owners: ["data"]))
        for run in 0..<runsPerDAG {
            let date = start.addingTimeInterval(Double(run) * 3_600)
            try await store.createRun(DAGRunRecord(dagID: dagID, runID: "scheduled__\(run)", logicalDate: date,
                                                   state: run % 7 == 3 ? .failed : .success, runType: .scheduled))
        }
    }
    _ = try await store.registerDAG(DAGRecord(dagID: "big_grid"))
    let taskIDs = (0..<gridTasks).map { String(format: "task_%03d", $0) }
    for run in 0..<gridRuns {
        let runID = "scheduled__\(run)"
        try await store.createRun(DAGRunRecord(dagID: "big_grid", runID: runID,
                                               logicalDate: start.addingTimeInterval(Double(run) * 60),
                                               state: .success, runType: .scheduled))
        try await store.saveTaskInstances(taskIDs.enumerated().map { offset, taskID in
            TaskInstanceRecord(taskID: taskID, state: offset % 13 == 5 ? .failed : .success, tryNumber: 1,
                               startDate: start, endDate: start.addingTimeInterval(1))
        }, dagID: "big_grid", runID: runID)
        if run % 1_000 == 999 { FileHandle.standardError.write(Data("filled \(run + 1) grid runs\n".utf8)) }
    }
    try await store.sync()
}

/// `count` requests of `url` in a row over one connection; each request's seconds, sorted.
func timings(_ url: String, count: Int) throws -> [Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    var arguments = ["-s"]
    for _ in 0..<count { arguments += ["-o", "/dev/null", "-w", "%{http_code} %{time_total}\\n", url] }
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let lines = output.split(separator: "\n")
    guard lines.count == count, lines.allSatisfy({ $0.hasPrefix("200 ") }) else {
        throw BenchmarkFailure(description: "\(url): \(output.prefix(300))")
    }
    return lines.compactMap { Double($0.split(separator: " ")[1]) }.sorted()
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

func percentile(_ sorted: [Double], _ fraction: Double) -> String {
    let value = sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
    return String(format: "%.1f ms", value * 1e3)
}

func bytes(of url: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", url]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let count = pipe.fileHandleForReading.readDataToEndOfFile().count
    process.waitUntilExit()
    return count
}

/// Requests per second `wrk` gets from `url` with 2 threads and 8 connections for 10 seconds (wrk shares the
/// machine's 2 cores with the server).
func wrkRate(_ url: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = ["-t2", "-c8", "-d10s", "--latency", url]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard !output.contains("Non-2xx"), let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
          let p50 = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("50%") })
    else {
        throw BenchmarkFailure(description: "wrk \(url): \(output.prefix(600))")
    }
    let rate = line.split(separator: " ").last.map(String.init) ?? "?"
    let median = p50.split(separator: " ").last.map(String.init) ?? "?"
    return "\(rate) requests/s (p50 \(median))"
}

let directory = FileManager.default.temporaryDirectory.appending(path: "updraft-web-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteRunStore(path: directory.appending(path: "updraft.db").path)
let fillStart = ContinuousClock.now
try await fill(store)
FileHandle.standardError.write(Data("filled in \(ContinuousClock.now - fillStart)\n".utf8))

let (ports, port) = AsyncStream.makeStream(of: Int.self)
let web = UpdraftWebServer(configuration: WebServerConfiguration(port: 0), store: store, dags: [],
                           logger: Logger(label: "web", factory: { _ in SwiftLogNoOpLogHandler() }),
                           onRunning: { port.yield($0) })
let group = ServiceGroup(services: [web], logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    var bound = 0
    for await value in ports {
        bound = value
        break
    }
    let base = "http://127.0.0.1:\(bound)"
    let cases: [(String, String, Int)] = [
        ("DAG list page, 1,000 DAGs (limit=1000)", "\(base)/dags?limit=1000", 20),
        ("DAG list page, default page (100 of 1,000 DAGs)", "\(base)/dags", 50),
        ("grid page, default page (25 runs × 100 tasks)", "\(base)/dags/big_grid/grid", 50),
        ("grid page, 100 runs × 100 tasks of 1M TIs", "\(base)/dags/big_grid/grid?limit=100", 20),
        ("run page, 100 tasks", "\(base)/dags/big_grid/runs/scheduled__5000", 50),
        ("GET /api/v2/dags?limit=100", "\(base)/api/v2/dags?limit=100", 500),
        ("GET /api/v2/dags/big_grid/dagRuns?limit=100", "\(base)/api/v2/dags/big_grid/dagRuns?limit=100", 200),
    ]
    print("request | n | p50 | p99 | bytes")
    print("--------|---|-----|-----|------")
    for (name, url, count) in cases {
        _ = try timings(url, count: 2)  // warm-up
        let sorted = try timings(url, count: count)
        print("\(name) | \(count) | \(percentile(sorted, 0.5)) | \(percentile(sorted, 0.99)) | \(try bytes(of: url))")
    }
    let instances = "\(base)/api/v2/dags/big_grid/dagRuns/scheduled__5000/taskInstances"
    print("\nwrk, GET …/dagRuns/scheduled__5000/taskInstances (100 task instances): \(try wrkRate(instances))")
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
}
