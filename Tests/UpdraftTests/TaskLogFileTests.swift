import Foundation
import Logging
import Testing
import Updraft
import UpdraftTesting

/// Task logs written to files in Airflow's layout, with a bounded tail in memory.
@Suite struct TaskLogFileTests {
    private static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "updraft-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static let secret = "hunter2-very-secret"

    private static func talkativeDAG(lines: Int) throws -> DAG {
        try DAG("logs") { dag in
            dag.task("talk", options: TaskOptions(retries: 1, retryDelay: .seconds(1))) { context in
                context.logger.info("try \(context.tryNumber) with \(secret)")
                for number in 1...lines { context.logger.info("line \(number)\nsecond \"part\"") }
                if context.tryNumber == 1 { throw Boom() }
                return 1
            }
            dag.task("quiet", EmptyOperator())
        }
    }

    private static func engine(logs: URL, tail: Int = 100) -> Engine {
        let configuration = Engine.Configuration(
            clock: ManualClock(autoAdvance: true),
            logDirectory: logs, logTailLines: tail)
        configuration.masker.register(secret)
        return Engine(configuration: configuration)
    }

    @Test func eachTryIsAFileInAirflowsLayout() async throws {
        let root = try Self.scratch()
        let result = try await Self.engine(logs: root).run(Self.talkativeDAG(lines: 2), runID: "r1")
        #expect(result.state == .success)
        let directory = TaskLogDirectory(root: root)
        let first = directory.fileURL(dagID: "logs", runID: "r1", taskID: "talk", tryNumber: 1)
        #expect(first.path == root.path + "/dag_id=logs/run_id=r1/task_id=talk/attempt=1.log")
        #expect(directory.tryNumbers(dagID: "logs", runID: "r1", taskID: "talk") == [1, 2])
        #expect(directory.tryNumbers(dagID: "logs", runID: "r1", taskID: "quiet") == [], "a task that never logs has no file")
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(!text.contains(Self.secret))
        let firstLine = try #require(text.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: String])
        #expect(object["level"] == "info" && object["event"] == "try 1 with ***")
        #expect(object["timestamp"] == "2026-01-01T00:00:00.000000Z")
        // The whole try, the engine's retry note after it ended included, read back from the file.
        let lines = try directory.lines(dagID: "logs", runID: "r1", taskID: "talk", tryNumber: 1).map(\.message)
        #expect(lines.first == "try 1 with ***")
        #expect(lines.contains("line 2\nsecond \"part\""))
        #expect(lines.contains { $0.contains("failed: boom") })
        #expect(lines.last?.hasPrefix("up for retry: next try in 1 s") == true)
        #expect(result.logLines(of: "talk", tryNumber: 1).map(\.message) == lines)
        #expect(result.logLines(of: "talk").count == lines.count + 3)
    }

    @Test func memoryKeepsABoundedTailWhileTheFileKeepsEverything() async throws {
        let root = try Self.scratch()
        let result = try await Self.engine(logs: root, tail: 5).run(Self.talkativeDAG(lines: 3000), runID: "big")
        let tail = result.logs.tail(taskID: "talk", tryNumber: 2)
        #expect(tail.map(\.message) == (2996...3000).map { "line \($0)\nsecond \"part\"" })
        let full = result.logLines(of: "talk", tryNumber: 2)
        #expect(full.count == 3001 && full.first?.message == "try 2 with ***")
        let size = try FileManager.default.attributesOfItem(
            atPath: TaskLogDirectory(root: root).fileURL(dagID: "logs", runID: "big", taskID: "talk", tryNumber: 2)
                .path)[.size] as? Int
        #expect((size ?? 0) > 3000 * 60, "more than one 64 KB buffer was written")
    }

    @Test func aResumedRunReadsTheLogsOfItsEarlierTries() async throws {
        let root = try Self.scratch()
        let engine = Self.engine(logs: root)
        let dag = try DAG("resumed") { dag in
            dag.task("t") { context in
                context.logger.info("try \(context.tryNumber)")
                if context.tryNumber == 1 { throw FailWithoutRetry("first time") }
            }
        }
        #expect(try await engine.run(dag, runID: "r").state == .failed)
        let resumed = try await engine.run(dag, runID: "r", resume: true)
        #expect(resumed.state == .success)
        #expect(resumed.logs.tryNumbers(taskID: "t") == [1, 2])
        #expect(resumed.logLines(of: "t").map(\.message) == ["try 1", "try 1 of 1 failed: first time", "try 2"])
    }

    @Test func anUnwritableDirectoryLeavesTheRunAndItsTailAlone() async throws {
        let root = try Self.scratch().appending(path: "a-file")
        try Data("not a directory".utf8).write(to: root)
        let result = try await Self.engine(logs: root).run(Self.talkativeDAG(lines: 1), runID: "r")
        #expect(result.state == .success)
        #expect(result.logLines(of: "talk", tryNumber: 2).map(\.message) == ["try 2 with ***", "line 1\nsecond \"part\""])
    }

    @Test func linesThatAreNotJSONAreKeptAsText() throws {
        let root = try Self.scratch()
        let directory = TaskLogDirectory(root: root)
        let file = directory.fileURL(dagID: "d", runID: "r", taskID: "t", tryNumber: 1)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("""
            {"timestamp":"2026-03-04T05:06:07.250000Z","level":"warning","event":"tab\\there"}
            plain text from elsewhere

            """.utf8).write(to: file)
        let lines = try directory.lines(dagID: "d", runID: "r", taskID: "t", tryNumber: 1)
        #expect(lines.map(\.message) == ["tab\there", "plain text from elsewhere"])
        #expect(lines.map(\.level) == [.warning, .info])
        #expect(lines[0].date == Date(timeIntervalSince1970: 1_772_600_767.25))
        #expect(lines[1].date == lines[0].date)
        #expect(try directory.lines(dagID: "d", runID: "r", taskID: "t", tryNumber: 2).isEmpty)
    }

    @Test func memoryOnlyStoresKeepEveryLineAndLookUpByTask() {
        let logs = TaskLogStore()
        for task in 0..<100 {
            for line in 0..<3 {
                logs.append(TaskLogLine(date: Date(), level: .info, message: "\(task).\(line)"), taskID: "t\(task)",
                            tryNumber: line == 2 ? 2 : 1)
            }
        }
        #expect(logs.tryNumbers(taskID: "t42") == [1, 2])
        #expect(logs.lines(taskID: "t42").map(\.message) == ["42.0", "42.1", "42.2"])
        #expect(logs.tail(taskID: "t42", tryNumber: 1).count == 2)
        #expect(logs.lines(taskID: "none").isEmpty)
    }
}
