import Foundation
import ProcessTestSupport
import Testing

/// Runs the test fixture executable as a process: signals cancel a run after clean-up, failures exit with 1,
/// secrets never appear.
@Suite struct CancellationProcessTests {
    private static let secret = "fixture-s3cr3t-token"

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func signalCancelsTheRunAndExitsAfterCleanup(signal: Int32, status: Int32, name: String) async throws {
        let directory = try BuildProducts.scratchDirectory()
        let child = try ChildProcess(try BuildProducts.executable("updraft-cli-fixture"),
                                     ["run", "--dag", "hold", "--report", "hold.html"], in: directory)
        let holding = await child.waitForOutput(containing: "[hold] holding until cancelled")
        try #require(holding, "the task never started: \(child.stdout)")
        child.signal(signal)
        let exit = try await child.exit()
        #expect(exit.status == status, "\(exit.stdout)\n\(exit.stderr)")
        let lines = exit.stdout.split(separator: "\n").map(String.init)
        let cleanup = try #require(lines.firstIndex(of: "[hold] cleanup: released the hold"), "\(exit.stdout)")
        let received = try #require(lines.firstIndex { $0.hasPrefix("received \(name): cancelling the run") })
        let finished = try #require(lines.firstIndex(of: "run cancelled by \(name); cleanup finished"))
        #expect(received < cleanup && cleanup < finished)
        #expect(exit.stdout.contains("note: the run was cancelled"))
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "hold.html").path))
    }

    @Test func secondSignalExitsWithoutWaitingForAHangingCleanup() async throws {
        let directory = try BuildProducts.scratchDirectory()
        let child = try ChildProcess(try BuildProducts.executable("updraft-cli-fixture"), ["run", "--dag", "stuck"],
                                     in: directory)
        try #require(await child.waitForOutput(containing: "[stuck] holding until cancelled"), "\(child.stdout)")
        child.signal(SIGINT)
        try #require(await child.waitForOutput(containing: "[stuck] cleanup: waiting for an API"), "\(child.stdout)")
        child.signal(SIGINT)
        let exit = try await child.exit()
        #expect(exit.status == 130)
        #expect(exit.stdout.contains("received SIGINT again: exiting without waiting for the cleanup"))
        #expect(!exit.stdout.contains("released the hold"))
    }

    @Test func failedRunExitsWithOneAndMasksSecrets() async throws {
        let directory = try BuildProducts.scratchDirectory()
        let exit = try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"),
                                              ["run", "--dag", "failing", "--report", "failing.html"], in: directory)
        #expect(exit.status == 1, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stdout.contains("[boom] calling the API with token ***"))
        #expect(exit.stdout.contains("✘ boom failed after 1 try: the API rejected token ***"))
        let report = try String(contentsOf: directory.appending(path: "failing.html"), encoding: .utf8)
        let runs = try FileManager.default.contentsOfDirectory(
            atPath: directory.appending(path: ".updraft/runs/dag_id=failing").path)
        let run = directory.appending(path: ".updraft/runs/dag_id=failing/\(runs[0])")
        let archive = try String(contentsOf: run.appending(path: "run.json"), encoding: .utf8)
        let log = try String(contentsOf: run.appending(path: "task_id=boom/attempt=1.log"), encoding: .utf8)
        #expect(log.contains("calling the API with token ***"))
        for text in [exit.stdout, exit.stderr, report, archive, log] { #expect(!text.contains(Self.secret)) }
        #expect(report.contains("the API rejected token ***"))
    }

    @Test func severalDAGsNeedAChoice() async throws {
        let directory = try BuildProducts.scratchDirectory()
        let exit = try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"), [], in: directory)
        #expect(exit.status == 64)
        #expect(exit.stderr.contains("several DAGs, choose one with --dag: hold, stuck, failing"))
        let list = try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"), ["list"],
                                              in: directory)
        #expect(list.stdout.contains("DAG hold") && list.stdout.contains("DAG failing"))
        #expect(list.stdout.contains("HoldOperator"))
    }
}
