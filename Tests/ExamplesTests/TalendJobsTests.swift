import Testing
import UpdraftTesting
@testable import TalendJobs

@Suite struct TalendJobsTests {
    @Test func podsRunInOrderThenTheEmailIsSent() async throws {
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:hello": .succeed(logLines: ["Hello from Talend"]),
            "your-repo/talendjob:random": .succeed(logLines: ["random: 42"]),
        ])
        let smtp = MockSMTPHook()
        let dag = try makeTalendJobsDAG(environment: ["KUBECONFIG": "/dev/null"])
        let result = try await dag.test(hooks: ["kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.taskStates == ["hello-world": .success, "random": .success, "send_email": .success])
        let names = kubernetes.calls.createdPods.compactMap(\.metadata.name)
        #expect(names.count == 2)
        #expect(names.first?.hasPrefix("talend-test-hello") == true)
        #expect(names.last?.hasPrefix("talend-test-random") == true)
        #expect(kubernetes.calls.deletions.map(\.name) == names, "isDeleteOperatorPod deletes both pods")
        #expect(kubernetes.existingPods.isEmpty)
        #expect(result.logLines(of: "hello-world").contains { $0.message.contains("Hello from Talend") })
        #expect(smtp.calls.accepted.map(\.message.subject) == ["Talend Jobs Completed Successfully"])
        #expect(smtp.calls.all.first?.rendered.recipients == ["noreply@astronomer.io"])
    }

    @Test func thePodsCarryTheSeedsImageNamespaceAndEnvironment() async throws {
        let kubernetes = MockKubernetesHook()
        let dag = try makeTalendJobsDAG(environment: ["AIRFLOW__KUBERNETES__NAMESPACE": "talend"])
        _ = try await dag.test(hooks: ["kubernetes_default": kubernetes, "smtp_default": MockSMTPHook()])

        let creations = kubernetes.calls.all.compactMap { call -> (pod: Pod, namespace: String)? in
            if case .createPod(let pod, let namespace) = call { (pod, namespace) } else { nil }
        }
        #expect(creations.map(\.namespace) == ["talend", "talend"])
        #expect(creations.map(\.pod.metadata.namespace) == ["talend", "talend"])
        let containers = creations.compactMap { $0.pod.spec?.containers.first }
        #expect(containers.map(\.image) == ["your-repo/talendjob:hello", "your-repo/talendjob:random"])
        #expect(containers.allSatisfy { $0.env == nil }, "the seed sets no environment variables")
        #expect(creations.map { $0.pod.metadata.labels?["task_id"] } == ["hello-world", "random"])
        #expect(creations.allSatisfy { $0.pod.metadata.labels?["airflow_kpo_in_cluster"] == "True" })
        // One pod's calls, in the order the operator made them.
        let first = try #require(creations.first?.pod.metadata.name)
        #expect(kubernetes.calls.all.filter { $0.podName == first }.map(\.method)
                == [.createPod, .watchPod, .podLogs, .deletePod])
    }

    @Test func aPodExiting3OnTheFirstTryIsRetriedAndTheEmailRetriedAfterARefusal() async throws {
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:random": .tries([.fail(exitCode: 3, logLines: ["tDie_1"]), .succeed()]),
        ])
        let smtp = MockSMTPHook(tries: [.refused("451 4.3.0 try again later"), .accept])
        let result = try await makeTalendJobsDAG(environment: [:])
            .test(hooks: ["kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.taskStates == ["hello-world": .success, "random": .success, "send_email": .success])
        #expect(result.taskInstances["random"]?.tryNumber == 2)
        let random = kubernetes.calls.createdPods.filter { $0.metadata.labels?["task_id"] == "random" }
        #expect(random.map { $0.metadata.labels?["try_number"] } == ["1", "2"])
        #expect(result.taskInstances["send_email"]?.tryNumber == 2)
        #expect(smtp.calls.all.map(\.accepted) == [false, true])
    }

    @Test func aFailedJobStopsTheChainAndNoEmailIsSent() async throws {
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:hello": .fail(exitCode: 1, logLines: ["tDie_1"], terminationMessage: "bad input"),
        ])
        let smtp = MockSMTPHook()
        let result = try await makeTalendJobsDAG(environment: [:])
            .test(hooks: ["kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.state == .failed)
        #expect(result.taskStates == ["hello-world": .failed, "random": .upstreamFailed, "send_email": .upstreamFailed])
        #expect(result.taskInstances["hello-world"]?.tryNumber == 2, "retries: 1 from default_args")
        #expect(smtp.calls.all.isEmpty)
    }

    @Test func outsideTheDefaultNamespaceTheClusterIsInCluster() throws {
        let dag = try makeTalendJobsDAG(environment: ["AIRFLOW__KUBERNETES__NAMESPACE": "talend"])
        let pod = try #require(dag.task("hello-world")?.op as? KubernetesPodOperator)
        #expect(pod.inCluster == true)
        #expect(pod.configFile == nil)
        #expect(pod.namespace == "talend")
    }
}
