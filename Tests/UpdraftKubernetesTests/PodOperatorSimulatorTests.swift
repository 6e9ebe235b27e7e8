import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// The operator and the live hook against the Kubernetes simulator over HTTPS. Clocks never advance on their
/// own: a test reaches a timeout only by advancing its clock.
@Suite struct PodOperatorSimulatorTests {
    private func text(_ logs: TaskLogStore, _ taskID: String = "talend") -> String {
        logs.lines(taskID: taskID).map(\.message).joined(separator: "\n")
    }

    @Test func successStreamsTheLogIntoTheTaskLogAndDeletesThePod() async throws {
        try await SimulatedCluster.with { cluster in
            let logs = TaskLogStore()
            let op = KubernetesPodOperator(namespace: "jobs", image: "sim/succeed", name: "talend-test-hello",
                                           isDeleteOperatorPod: true, getLogs: true)
            _ = try await op.execute(context: try cluster.context(logs: logs))
            let log = text(logs)
            #expect(log.contains("[base] starting job\n[base] processing 3 records\n[base] job finished"))
            let requests = cluster.operatorRequests
            #expect(requests.map(\.method) == ["GET", "POST", "GET", "GET", "DELETE"])
            #expect(requests.filter(\.isWatch).count == 1, "followed with one watch, no polling")
            try await cluster.waitUntil { try await cluster.podNames().isEmpty }
        }
    }

    @Test func nonZeroExitFailsWithTheTerminationMessage() async throws {
        try await SimulatedCluster.with { cluster in
            let logs = TaskLogStore()
            let op = KubernetesPodOperator(image: "sim/fail", logEventsOnFailure: true)
            let error = await #expect(throws: KubernetesPodError.self) {
                try await op.execute(context: try cluster.context(logs: logs))
            }
            #expect(error?.exitCode == 1)
            #expect(error?.terminationMessage == "simulated failure")
            #expect(error?.events.isEmpty == false)
            #expect(text(logs).contains("[base] error: simulated failure"))
            let deletes = cluster.operatorRequests.filter { $0.method == "DELETE" }
            #expect(deletes.map(\.status) == [200], "a failed pod is deleted once")
        }
    }

    @Test func imagePullFailureFailsFastWithoutWaitingForTheTimeout() async throws {
        try await SimulatedCluster.with { cluster in
            let op = KubernetesPodOperator(image: "sim/image-pull-error", startupTimeout: .seconds(3600))
            let error = await #expect(throws: KubernetesPodError.self) {
                try await op.execute(context: try cluster.context())
            }
            #expect(error?.kind == .imagePull)
            #expect(error?.message.contains("ErrImagePull") == true)
            #expect(error?.message.contains("not found") == true)
            #expect(cluster.operatorRequests.last?.method == "DELETE")
        }
    }

    @Test func podThatNeverStartsFailsAtTheStartupTimeout() async throws {
        try await SimulatedCluster.with { cluster in
            let clock = ManualClock()
            let context = try cluster.context(clock: clock)
            let run = Task { try await KubernetesPodOperator(image: "sim/unschedulable", startupTimeout: .seconds(60))
                .execute(context: context) }
            await clock.waitForSleepers(1)
            try await cluster.waitUntil {
                try await cluster.pods().first?.status?.conditions?.contains { $0.reason == "Unschedulable" } == true
            }
            clock.advance(by: .seconds(61))
            let error = await #expect(throws: KubernetesPodError.self) { try await run.value }
            #expect(error?.kind == .startupTimeout)
            #expect(error?.message.contains("Unschedulable") == true)
            #expect(cluster.operatorRequests.last?.method == "DELETE")
        }
    }

    @Test func cancellationDeletesThePodWithItsGracePeriodAndSaysItIsTerminating() async throws {
        try await SimulatedCluster.with { cluster in
            let logs = TaskLogStore()
            let context = try cluster.context(logs: logs)
            let run = Task { try await KubernetesPodOperator(image: "sim/long-running", terminationGracePeriod: .seconds(5))
                .execute(context: context) }
            try await cluster.waitUntil { cluster.simulator.openStreamCount >= 2 }  // watch and log follow are open
            run.cancel()
            _ = await run.result
            let delete = try #require(cluster.operatorRequests.last)
            #expect(delete.method == "DELETE")
            #expect(cluster.operatorRequests.filter { $0.method == "DELETE" }.count == 1)
            #expect(text(logs).contains("task cancelled; deleted pod jobs/"))
            #expect(text(logs).contains("still terminating (grace period 5 s)"))
            try await cluster.waitUntil { try await cluster.podNames().isEmpty }
        }
    }

    @Test func executionTimeoutInARunDeletesThePod() async throws {
        try await SimulatedCluster.with { cluster in
            let clock = ManualClock()
            let hook = try cluster.hook(clock: clock, masker: SecretMasker())
            let dag = try DAG("talend_jobs") { dag in
                dag.task("talend", KubernetesPodOperator(image: "sim/long-running"),
                         options: TaskOptions(executionTimeout: .seconds(30)))
            }
            let run = Task { try await dag.test(hooks: ["kubernetes_default": hook], clock: clock) }
            try await cluster.waitUntil { cluster.simulator.openStreamCount >= 2 }
            clock.advance(by: .seconds(31))
            let result = try await run.value
            #expect(result.state == .failed)
            // One DELETE, by `execute`; `onKill` then sends nothing (no list, no second DELETE).
            #expect(cluster.operatorRequests.filter { $0.method == "DELETE" }.count == 1)
            #expect(cluster.operatorRequests.last?.method == "DELETE")
            try await cluster.waitUntil { try await cluster.podNames().isEmpty }
        }
    }

    @Test func reattachAfterARestartFollowsTheExistingPod() async throws {
        try await SimulatedCluster.with { cluster in
            let logs = TaskLogStore()
            let op = KubernetesPodOperator(image: "sim/succeed")
            // A first worker created the pod, then died.
            let firstTry = try cluster.context(logs: logs, tryNumber: 1)
            let hook = try cluster.hook(clock: SystemClock(), masker: SecretMasker())
            let pod = try await hook.createPod(try op.buildPod(context: firstTry, defaultNamespace: "jobs"), namespace: "jobs")
            cluster.simulator.clearRequests()
            _ = try await op.execute(context: try cluster.context(logs: logs, tryNumber: 2))
            #expect(!cluster.operatorRequests.contains { $0.method == "POST" })
            #expect(text(logs).contains("reattaching to pod jobs/\(pod.metadata.name ?? "")"))
            #expect(text(logs).contains("[base] job finished"))
            try await cluster.waitUntil { try await cluster.podNames().isEmpty }
        }
    }

    @Test func keepPodKeepsThePodAndANewRunDoesNotReattachToIt() async throws {
        try await SimulatedCluster.with { cluster in
            let op = KubernetesPodOperator(image: "sim/succeed", onFinishAction: .keepPod)
            _ = try await op.execute(context: try cluster.context())
            // The pod lives on, but the task's watch and log streams must not.
            try await cluster.waitUntil { cluster.simulator.openStreamCount == 0 }
            let kept = try await cluster.podNames()
            #expect(kept.count == 1)
            _ = try await op.execute(context: try cluster.context(tryNumber: 2))
            #expect(try await cluster.podNames().count == 2)
            #expect(cluster.operatorRequests.filter { $0.method == "PATCH" }.count == 2)
        }
    }

    @Test func secretEnvironmentValuesNeverReachLogsOrErrors() async throws {
        try await SimulatedCluster.with { cluster in
            let logs = TaskLogStore()
            let masker = SecretMasker()
            let op = KubernetesPodOperator(
                image: "sim/fail", envVars: [EnvVar(name: "TALEND_PASSWORD", value: "pa55-w0rd-value")],
                secretEnvVars: ["TALEND_API_TOKEN": "tok-3141592653"], logEventsOnFailure: true)
            let error = await #expect(throws: KubernetesPodError.self) {
                try await op.execute(context: try cluster.context(logs: logs, masker: masker))
            }
            let everything = text(logs) + String(describing: error)
            #expect(everything.contains("remote pod"))
            for secret in ["pa55-w0rd-value", "tok-3141592653", SimulatedCluster.token] {
                #expect(!everything.contains(secret))
            }
        }
    }
}
