import Foundation
import Logging
import Updraft
import UpdraftCLI
import UpdraftKubernetes
import UpdraftTalend

/// DAGs the command-line tests run as a process: one that waits until cancelled, one whose clean-up hangs, one
/// that fails with a secret in its log and error, one on a cron schedule in Paris time, a wide one for the
/// benchmarks, one that spoils the path of its own report, and one whose tasks run until cancelled in `updraft-sandbox` (a Talend execution and a pod, reached through the sandbox's
/// `AIRFLOW_CONN_TALEND_API` and `KUBECONFIG`).
@main struct CLIFixture: DAGExecutable {
    /// Registered with the masker: it must never appear in any output.
    static let secret = "fixture-s3cr3t-token"

    static func makeDAGs() throws -> [DAG] {
        [
            try DAG("hold") { dag in
                dag.task("hold", HoldOperator(cleanupHangs: false))
            },
            try DAG("stuck") { dag in
                dag.task("stuck", HoldOperator(cleanupHangs: true))
            },
            try DAG("failing") { dag in
                let start = dag.task("start") { context in context.logger.info("starting") }
                let boom = dag.task("boom") { context in
                    context.logger.info("calling the API with token \(secret)")
                    throw FailWithoutRetry("the API rejected token \(secret)")
                }
                start >> boom
            },
            try DAG("nightly", schedule: "30 2 * * 1-5",
                    startDate: try Date("2026-12-23T00:00:00Z", strategy: .iso8601),
                    endDate: try Date("2026-12-28T12:00:00Z", strategy: .iso8601),
                    timeZone: TimeZone(identifier: "Europe/Paris") ?? .gmt) { dag in
                dag.task("load", EmptyOperator())
            },
            // For BENCHMARKS.md's command-line figures: one root, 200 chains of 10 tasks, each logging a line.
            try DAG("wide") { dag in
                let root = dag.task("root") { context in context.logger.info("start") }
                for chain in 0..<200 {
                    let links = (0..<10).map { link in
                        dag.task("c\(chain)_\(link)") { context in context.logger.info("step \(link)") }
                    }
                    root >> links[0]
                    for link in 1..<10 { links[link - 1] >> links[link] }
                }
            },
            // Replaces the directory at param `path` with a file, so the report written there fails after a run
            // that succeeded.
            try DAG("sabotage", params: ["path": ""]) { dag in
                dag.task("block") { context in
                    let path = context.params["path"]?.stringValue ?? ""
                    try FileManager.default.removeItem(atPath: path)
                    try Data("in the way\n".utf8).write(to: URL(fileURLWithPath: path))
                }
            },
            try DAG("sandbox") { dag in
                dag.task("talend", TalendJobOperator(executable: "job-long-running", pollInterval: .seconds(1)))
                dag.task("pod", KubernetesPodOperator(
                    namespace: "default", image: "sim/long-running", name: "cancel-me",
                    clusterContext: "docker-desktop"))
            },
        ]
    }

    static func engineConfiguration() throws -> Engine.Configuration {
        let configuration = Engine.Configuration()
        configuration.masker.register(secret)
        return configuration
    }
}

/// Waits until its try is cancelled, then logs its clean-up, as an operator deleting a pod would; with
/// `cleanupHangs`, the clean-up never ends (a remote API that does not answer).
struct HoldOperator: Operator {
    var cleanupHangs: Bool

    func execute(context: TaskContext) async throws -> JSONValue? {
        context.logger.info("holding until cancelled")
        try await context.clock.sleep(for: .seconds(3600))
        return nil
    }

    func onKill(context: TaskContext) async {
        if cleanupHangs {
            context.logger.info("cleanup: waiting for an API that does not answer")
            try? await context.clock.sleep(for: .seconds(3600))
        }
        context.logger.info("cleanup: released the hold")
    }
}
