import Foundation
import Logging
import Updraft
import UpdraftCLI
import UpdraftKubernetes
import UpdraftTalend

/// The DAG host the replica tests and the replica benchmark start several times against one PostgreSQL database
/// (`updraft-replica-fixture serve --db postgresql://… --port 0`), and `kill -9`.
///
/// - `wide`: 1,000 short tasks in 10 chains of 100, triggered by hand. Each body appends `<run_id> <task_id> <pid>`
///   to the file `REPLICA_BODIES` names ( ``BodyLog`` ), so a test counts how often each task body ran.
/// - `remote`: a Talend execution (`job-slow`, about 8 s) and a pod (`sim/slow-succeed`, about 10 s) side by side in
///   `updraft-sandbox`'s stand-ins (found through the sandbox's environment: `AIRFLOW_CONN_TALEND_API`,
///   `KUBECONFIG`), then a body that appends its line too.
/// - `single`: one body, triggered by hand (the benchmark's claim latency: trigger to running).
///
/// Every task retries (without delay): a try cut off by `kill -9` before it recorded any remote work is recorded as
/// interrupted and counts as failed, and the run must still succeed.
///
/// Environment: `REPLICA_LEASE_SECONDS` sets the run lease (30 s by default, from the CLI), `REPLICA_CLAIM_SECONDS`
/// the claim on a try shared between replicas (`--share-tries`; 30 s by default), `REPLICA_HOSTNAME` the
/// host name the leases name (the benchmark gives each replica its own, so a killed one is taken over only when its
/// lease lapses, as on separate machines).
///
/// Log lines from notice up go to standard output (`serving …`, `API server listening …`, `resuming run …`), so the
/// tests and the benchmark know when a replica is up and when it took a run over.
@main struct ReplicaFixture: DAGExecutable {
    /// Chains of the `wide` DAG, and tasks per chain.
    static let chains = 10
    static let chainLength = 100
    static let retried = TaskOptions(retries: 3, retryDelay: .zero)

    static func makeDAGs() throws -> [DAG] {
        [
            // maxActiveTasks counts over all of the DAG's runs (on every replica): room for the chains of 16 runs.
            try DAG("wide", maxActiveTasks: chains * 16) { dag in
                for chain in 0..<chains {
                    var previous: TaskHandle?
                    for step in 0..<chainLength {
                        let task = dag.task("c\(chain)_t\(step)", options: retried) { context in
                            try BodyLog.append(runID: context.runID, taskID: context.taskID)
                        }
                        if let previous { previous >> task }
                        previous = task
                    }
                }
            },
            try DAG("remote") { dag in
                let talend = dag.task("talend", TalendJobOperator(
                    executable: "job-slow", pollInterval: .seconds(1), maxPollInterval: .seconds(1)), options: retried)
                let pod = dag.task("pod", KubernetesPodOperator(
                    namespace: "default", image: "sim/slow-succeed", name: "remote-pod",
                    clusterContext: "docker-desktop"), options: retried)
                let done = dag.task("done", options: retried) { context in
                    try BodyLog.append(runID: context.runID, taskID: context.taskID)
                }
                [talend, pod] >> done
            },
            // The limits across replicas (ReplicaTests+Limits): each body logs when it begins and ends.
            try DAG("throttled", maxActiveTasks: 3, maxActiveRuns: 2) { dag in
                for number in 0..<4 {
                    dag.task("t\(number)", options: retried) { context in
                        try BodyLog.append(runID: context.runID, taskID: "\(context.taskID):begin@\(BodyLog.now())")
                        try await Task.sleep(for: .milliseconds(300))
                        try BodyLog.append(runID: context.runID, taskID: "\(context.taskID):end@\(BodyLog.now())")
                    }
                }
            },
            try DAG("single") { dag in
                dag.task("body", options: retried) { context in
                    try BodyLog.append(runID: context.runID, taskID: context.taskID)
                }
            },
        ]
    }

    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = .notice
            return handler
        }
    }

    static func engineConfiguration() throws -> Engine.Configuration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = Engine.Configuration()
        if let text = environment["REPLICA_LEASE_SECONDS"] {
            guard let seconds = Double(text), seconds > 0 else {
                throw FixtureError(description: "REPLICA_LEASE_SECONDS must be a positive number, not '\(text)'")
            }
            configuration.leaseDuration = .milliseconds(Int64(seconds * 1_000))
        }
        if let text = environment["REPLICA_CLAIM_SECONDS"] {
            guard let seconds = Double(text), seconds > 0 else {
                throw FixtureError(description: "REPLICA_CLAIM_SECONDS must be a positive number, not '\(text)'")
            }
            configuration.tryClaimDuration = .milliseconds(Int64(seconds * 1_000))
        }
        if let hostname = environment["REPLICA_HOSTNAME"], !hostname.isEmpty { configuration.hostname = hostname }
        return configuration
    }
}

/// A setting of the fixture that cannot be used.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}
