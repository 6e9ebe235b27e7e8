import Foundation
import ProcessTestSupport
import Testing
import UpdraftSandbox

/// The seed's `talend_jobs` run against `updraft-sandbox` with its output piped, as in CI or `| tee run.log`:
/// one line per event, nothing from swift-log's default handler (the SMTP hook logs through `Logger(label:)`),
/// and each task's lines between its `running` and its `success`.
@Suite struct ConsoleOutputProcessTests {
    @Test func pipedOutputHasOneLinePerEventAndNoRawLogLines() async throws {
        let state = try BuildProducts.scratchDirectory()
        let sandbox = try ChildProcess(try BuildProducts.executable("updraft-sandbox"), ["--state-dir", state.path],
                                       in: state)
        do {
            try await Self.runTalendJobs(in: state, sandbox: sandbox)
        } catch {
            sandbox.signal(SIGKILL)
            throw error
        }
        sandbox.signal(SIGINT)
        #expect(try await sandbox.exit().status == 0)
    }

    private static func runTalendJobs(in state: URL, sandbox: ChildProcess) async throws {
        try #require(await sandbox.waitForOutput(containing: "\nready"), "sandbox: \(sandbox.stdout)")
        let manifest = try SandboxManifest.read(fromStateDirectory: state.path)

        let exit = try await ChildProcess.run(
            try BuildProducts.executable("TalendJobs").path, ["run"], directory: state.path,
            extraEnvironment: manifest.environment.merging(ChildProcess.testEnvironment(in: state)) { _, new in new })
        #expect(exit.status == 0, "\(exit.stdout)\n\(exit.stderr)")

        let lines = exit.stdout.split(separator: "\n").map(String.init)
        let swiftLogDefault = #/^\d{4}-\d\d-\d\dT\S+ (trace|debug|info|notice|warning|error|critical) /#
        for line in lines + exit.stderr.split(separator: "\n").map(String.init) {
            #expect(line.firstMatch(of: swiftLogDefault) == nil, "a raw swift-log line: \(line)")
            #expect(!line.contains("\u{1B}"), "an escape sequence in piped output: \(line)")
        }
        #expect(lines.contains { $0.hasPrefix("[send_email] email accepted: 250") }, "\(exit.stdout)")
        for task in ["hello-world", "random", "send_email"] {
            let running = try #require(lines.firstIndex(of: "\(task): running (try 1)"), "\(exit.stdout)")
            let success = try #require(lines.firstIndex(of: "\(task): success (try 1)"), "\(exit.stdout)")
            let own = lines.indices.filter { lines[$0].hasPrefix("[\(task)] ") }
            #expect(!own.isEmpty && own.allSatisfy { running < $0 && $0 < success }, "\(exit.stdout)")
        }
    }
}
