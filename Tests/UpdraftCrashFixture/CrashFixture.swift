import Foundation
import Updraft
import UpdraftCLI
import UpdraftEmail
import UpdraftKubernetes
import UpdraftTalend

/// DAGs the crash tests run in `updraft-sandbox` and kill with SIGKILL mid-run (Tests/UpdraftCLITests,
/// CrashResumeTests): a Talend execution, a pod and a task waiting for its retry, then a mail.
///
/// Every closure body appends a line to the file named by `CRASH_BODIES` when it *finishes* successfully, so a test
/// can count the bodies that succeeded; the operators' remote work is counted in the sandbox.
@main struct CrashFixture: DAGExecutable {
    static func makeDAGs() throws -> [DAG] {
        let environment = ProcessInfo.processInfo.environment
        let start = try environment["CRASH_START"].map { try Date($0, strategy: .iso8601) }
            ?? Date(timeIntervalSince1970: 1_767_225_600)
        return [
            // talend (~8 s) >> pod (~10 s) >> mail; flaky fails its first try and retries after 20 s.
            try DAG("durable") { dag in
                let talend = dag.task("talend", TalendJobOperator(
                    executable: "job-slow", pollInterval: .seconds(1), maxPollInterval: .seconds(1)))
                let pod = dag.task("pod", KubernetesPodOperator(
                    namespace: "default", image: "sim/slow-succeed", name: "durable-pod",
                    clusterContext: "docker-desktop"))
                let flaky = dag.task("flaky", options: TaskOptions(retries: 1, retryDelay: .seconds(20))) { context in
                    if context.tryNumber == 1 { throw CrashFixtureError.firstTry }
                    try record("flaky \(context.runID) try \(context.tryNumber)")
                }
                let mail = dag.task("mail", EmailOperator(
                    to: ["team@example.com"], subject: "durable run finished", htmlContent: "<p>done</p>"))
                talend >> pod
                [pod, flaky] >> mail
            },
            // Every minute from CRASH_START with catchup, one run at a time: a body, then a pod of about ten seconds.
            try DAG("minutely", schedule: "* * * * *", startDate: start, catchup: true, maxActiveRuns: 1) { dag in
                let work = dag.task("work") { context in try record("work \(context.ts)") }
                let pod = dag.task("pod", KubernetesPodOperator(
                    namespace: "default", image: "sim/slow-succeed", name: "minutely-pod",
                    clusterContext: "docker-desktop"))
                work >> pod
            },
        ]
    }

    /// Appends a line to `CRASH_BODIES` (one write, so lines of concurrent tasks never interleave).
    static func record(_ line: String) throws {
        guard let path = ProcessInfo.processInfo.environment["CRASH_BODIES"] else { return }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// The failure of a first try, which the task retries.
enum CrashFixtureError: Error { case firstTry }
