import Foundation
import ProcessTestSupport
import Testing
import UpdraftSandbox

/// A DAG executable interrupted while its tasks run in `updraft-sandbox`: the Talend execution is terminated and
/// the pod deleted before the process exits, as seen afterwards by `kubectl` and by the Talend API.
@Suite struct SandboxCancellationTests {
    @Test func sigintTerminatesTheTalendExecutionAndDeletesThePod() async throws {
        let state = try BuildProducts.scratchDirectory()
        let sandbox = try ChildProcess(try BuildProducts.executable("updraft-sandbox"), ["--state-dir", state.path],
                                       in: state)
        do {
            try await Self.interruptRun(in: state, sandbox: sandbox)
        } catch {
            sandbox.signal(SIGKILL)
            throw error
        }
        sandbox.signal(SIGINT)
        #expect(try await sandbox.exit().status == 0)
    }

    private static func interruptRun(in state: URL, sandbox: ChildProcess) async throws {
        try #require(await sandbox.waitForOutput(containing: "\nready"), "sandbox: \(sandbox.stdout)")
        let manifest = try SandboxManifest.read(fromStateDirectory: state.path)

        let run = try ChildProcess(try BuildProducts.executable("updraft-cli-fixture").path,
                                   ["run", "--dag", "sandbox"], directory: state.path,
                                   extraEnvironment: manifest.environment.merging(ChildProcess.testEnvironment(in: state)) { _, new in new })
        // Both tasks are under way: the execution started and the pod's container is logging.
        let started = await run.waitForOutput(containing: "[talend] Started Talend task job-long-running")
        try #require(started, "\(run.stdout)")
        try #require(await run.waitForOutput(containing: "[pod] [base] tick"), "\(run.stdout)")
        run.signal(SIGINT)
        let exit = try await run.exit()
        #expect(exit.status == 130, "\(exit.stdout)\n\(exit.stderr)")

        let executionID = try #require(
            ProcessOutput.word(after: "[talend] Started Talend task job-long-running: execution ", in: exit.stdout))
        let podName = try #require(ProcessOutput.word(after: "[pod] created pod default/", in: exit.stdout))
        #expect(exit.stdout.contains("[talend] Terminated Talend execution \(executionID)"), "\(exit.stdout)")
        #expect(exit.stdout.contains("[pod] task cancelled; deleted pod default/\(podName)"), "\(exit.stdout)")
        #expect(!exit.stdout.contains("after the task was killed"), "one DELETE is enough: \(exit.stdout)")

        // The cluster, asked by kubectl: the pod is gone (its grace period may still be running out).
        let kubeconfig = try #require(manifest.environment["KUBECONFIG"])
        let gone = try await ChildProcess.run(
            "kubectl", ["--kubeconfig", kubeconfig, "wait", "--for=delete", "pod/\(podName)", "--timeout=30s"],
            extraEnvironment: ["HOME": state.path])
        #expect(gone.status == 0, "kubectl wait: \(gone.stdout)\n\(gone.stderr)")

        // Talend Cloud: the execution was terminated (the status poll after the DELETE reports it).
        let talend = try #require(manifest.services["talend"])
        let token = try #require(talend.settings["token"])
        let statusURL = "\(try #require(talend.baseURL))/processing/executions/\(executionID)"
        var statuses: [String] = []
        for _ in 0..<2 {
            let status = try await ChildProcess.run(
                "curl", ["-sS", "-H", "Authorization: Bearer \(token)", statusURL])
            statuses.append(status.stdout)
        }
        #expect(statuses.last?.contains("\"EXECUTION_TERMINATED\"") == true, "\(statuses)")
    }
}
