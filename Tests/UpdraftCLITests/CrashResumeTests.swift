import Foundation
import ProcessTestSupport
import Testing
import UpdraftSandbox

/// `kill -9` of a DAG executable in the middle of a run in `updraft-sandbox`, then `run --resume-latest`: the run
/// finishes, nothing that succeeded runs twice, no second pod or Talend execution is started, and nothing is left
/// running. Counted from the outside: the processes' outputs, the bodies file, the sandbox's mailbox, kubectl.
@Suite(.serialized) struct CrashResumeTests {
    /// Where the first process is killed: while the Talend execution runs (the flaky task waiting for its retry),
    /// or while the pod runs (the Talend execution done, the retry still waiting).
    enum KillPoint: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case talendRunning = "[talend] Started Talend task job-slow"
        case podRunning = "[pod] [base] step 2"

        var testDescription: String { self == .talendRunning ? "Talend execution running" : "pod running" }
    }

    @Test(arguments: KillPoint.allCases)
    func aKilledRunResumesWithoutDoingAnythingTwice(killPoint: KillPoint) async throws {
        let state = try BuildProducts.scratchDirectory()
        let sandbox = try ChildProcess(try BuildProducts.executable("updraft-sandbox").path,
                                       ["--state-dir", state.path], directory: state.path)
        do {
            try await Self.crashAndResume(in: state, sandbox: sandbox, killAt: killPoint)
        } catch {
            sandbox.signal(SIGKILL)
            throw error
        }
        sandbox.signal(SIGINT)
        #expect(try await sandbox.exit().status == 0)
    }

    private static func crashAndResume(in state: URL, sandbox: ChildProcess, killAt killPoint: KillPoint) async throws {
        try #require(await sandbox.waitForOutput(containing: "\nready"), "sandbox: \(sandbox.stdout)")
        let manifest = try SandboxManifest.read(fromStateDirectory: state.path)
        let bodies = state.appending(path: "bodies.txt").path
        let environment = manifest.environment.merging([
            "TERM": "dumb", "UPDRAFT_HOME": state.appending(path: "home").path, "CRASH_BODIES": bodies,
        ]) { _, new in new }
        let fixture = try BuildProducts.executable("updraft-crash-fixture").path

        let first = try ChildProcess(fixture, ["run", "--dag", "durable"], directory: state.path,
                                     extraEnvironment: environment)
        try #require(await first.waitForOutput(containing: killPoint.rawValue, timeout: .seconds(90)),
                     "\(first.stdout)")
        first.signal(SIGKILL)
        let killed = try await first.exit()
        #expect(killed.status != 0)

        let resumed = try ChildProcess(fixture, ["run", "--dag", "durable", "--resume-latest"], directory: state.path,
                                       extraEnvironment: environment)
        let exit = try await resumed.exit(timeout: .seconds(120))
        #expect(exit.status == 0, "\(exit.stdout)\n\(exit.stderr)")
        let output = killed.stdout + exit.stdout

        // One Talend execution, one pod, one mail, one successful retry of the flaky task.
        #expect(ProcessOutput.occurrences(of: "Started Talend task job-slow", in: output) == 1, "\(output)")
        #expect(ProcessOutput.occurrences(of: "[pod] created pod default/", in: output) == 1, "\(output)")
        let bodyLines = (try? String(contentsOfFile: bodies, encoding: .utf8))?.split(separator: "\n") ?? []
        #expect(bodyLines.count == 1 && bodyLines.first?.hasSuffix("try 2") == true, "\(bodyLines)")
        let mail = try FileManager.default.contentsOfDirectory(atPath: state.appending(path: "mail").path)
            .filter { !$0.hasPrefix(".") }
        #expect(mail.count == 1, "\(mail)")

        // Nothing left running: no pod in the cluster, the execution finished.
        let kubeconfig = try #require(manifest.environment["KUBECONFIG"])
        let pods = try await ChildProcess.run(
            "kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-o", "name"],
            extraEnvironment: ["HOME": state.path])
        #expect(pods.status == 0 && pods.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "pods left: \(pods.stdout)\(pods.stderr)")
        let executionID = try #require(ProcessOutput.word(after: "[talend] Started Talend task job-slow: execution ", in: output))
        let talend = try #require(manifest.services["talend"])
        let status = try await ChildProcess.run("curl", [
            "-sS", "-H", "Authorization: Bearer \(try #require(talend.settings["token"]))",
            "\(try #require(talend.baseURL))/processing/executions/\(executionID)",
        ])
        #expect(status.stdout.contains("\"EXECUTION_SUCCESS\""), "\(status.stdout)")
    }
}
