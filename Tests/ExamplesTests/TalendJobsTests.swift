import Testing
import Updraft
import UpdraftEmail
import UpdraftKubernetes
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

        #expect(result.states() == ["hello-world": .success, "random": .success, "send_email": .success])
        let created = kubernetes.createdPods
        #expect(created.count == 2)
        #expect(created.first?.hasPrefix("talend-test-hello") == true)
        #expect(created.last?.hasPrefix("talend-test-random") == true)
        #expect(kubernetes.existingPods.isEmpty, "isDeleteOperatorPod deletes both pods")
        #expect(result.logLines(of: "hello-world").contains { $0.message.contains("Hello from Talend") })
        #expect(smtp.sent.map(\.message.subject) == ["Talend Jobs Completed Successfully"])
        #expect(smtp.sent.first?.rendered.recipients == ["noreply@astronomer.io"])
    }

    @Test func aFailedJobStopsTheChainAndNoEmailIsSent() async throws {
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:hello": .fail(exitCode: 1, logLines: ["tDie_1"], terminationMessage: "bad input"),
        ])
        let smtp = MockSMTPHook()
        let result = try await makeTalendJobsDAG(environment: [:])
            .test(hooks: ["kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.state == .failed)
        #expect(result.states() == ["hello-world": .failed, "random": .upstreamFailed, "send_email": .upstreamFailed])
        #expect(result.taskInstances["hello-world"]?.tryNumber == 2, "retries: 1 from default_args")
        #expect(smtp.sent.isEmpty)
    }

    @Test func outsideTheDefaultNamespaceTheClusterIsInCluster() throws {
        let dag = try makeTalendJobsDAG(environment: ["AIRFLOW__KUBERNETES__NAMESPACE": "talend"])
        let pod = try #require(dag.task("hello-world")?.op as? KubernetesPodOperator)
        #expect(pod.inCluster == true)
        #expect(pod.configFile == nil)
        #expect(pod.namespace == "talend")
    }
}
