import Testing
import UpdraftTesting
@testable import Starter

@Suite struct StarterDAGTests {
    /// What `AIRFLOW_CONN_TALEND_API` holds in production; in a test the connection is given to `dag.test`.
    let talendAPI = try! GenericConnection(connID: "talend_api", json: """
        {"conn_type": "http", "host": "https://api.eu.cloud.talend.com",
         "extra": {"Authorization": "Bearer my-talend-token"}}
        """)

    @Test func triggersTalendRunsThePodThenMailsTheTeam() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/processing/executions", status: 201, body: #"{"executionId":"e-1"}"#)
        let kubernetes = MockKubernetesHook(scripts: ["your-repo/talendjob:transform": .succeed(logLines: ["42 rows"])])
        let smtp = MockSMTPHook()

        let result = try await makeStarterDAG(environment: [:]).test(
            hooks: ["talend_api": http, "kubernetes_default": kubernetes, "smtp_default": smtp],
            connections: [talendAPI])

        #expect(result.state == .success)
        let request = try #require(http.calls.all.first)
        #expect(request.url == "https://api.eu.cloud.talend.com/processing/executions")
        #expect(request.headers["Authorization"] == "Bearer ***")
        #expect(request.headers(revealingSecrets: true)["Authorization"] == "Bearer my-talend-token")
        #expect(try request.bodyJSON() == ["executable": "5fb2f5126a1cd451b07bee7a"])

        let pod = try #require(kubernetes.calls.createdPods.first)
        let container = try #require(pod.spec?.containers.first)
        #expect(pod.metadata.namespace == "default")
        #expect(container.image == "your-repo/talendjob:transform")
        #expect(container.env == [EnvVar(name: "TALEND_CONTEXT", value: "production")])
        #expect(kubernetes.calls.deletions.map(\.name) == [pod.metadata.name])
        #expect(result.logLines(of: "transform").contains { $0.message.contains("42 rows") })

        #expect(smtp.calls.accepted.map(\.message.subject) == ["Starter DAG finished"])
        #expect(smtp.calls.all.first?.rendered.recipients == ["data-team@example.com"])
    }

    @Test func eachTaskGetsASecondTry() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/processing/executions", tries: [.status(503), .status(201)])
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:transform": .tries([.fail(exitCode: 3), .succeed()]),
        ])
        let smtp = MockSMTPHook(tries: [.refused(), .accept])

        let result = try await makeStarterDAG(environment: [:]).test(
            hooks: ["talend_api": http, "kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.state == .success)
        let tries = ["trigger_talend_task", "transform", "notify"].map { result.taskInstances[$0]?.tryNumber }
        #expect(tries == [2, 2, 2])
        #expect(http.calls.all.map(\.tryNumber) == [1, 2])
        #expect(kubernetes.calls.createdPods.map { $0.metadata.labels?["try_number"] } == ["1", "2"])
        #expect(smtp.calls.all.map(\.accepted) == [false, true])
    }

    @Test func aFailedPodStopsTheEmail() async throws {
        let http = MockHTTPHook()
        http.stub(.post, "/processing/executions", status: 201)
        let kubernetes = MockKubernetesHook(defaultScript: .fail(exitCode: 1, terminationMessage: "no input file"))
        let smtp = MockSMTPHook()

        let result = try await makeStarterDAG(environment: [:]).test(
            hooks: ["talend_api": http, "kubernetes_default": kubernetes, "smtp_default": smtp])

        #expect(result.taskStates == ["trigger_talend_task": .success, "transform": .failed, "notify": .upstreamFailed])
        #expect(result.taskInstances["transform"]?.error?.contains("no input file") == true)
        #expect(smtp.calls.all.isEmpty)
    }
}
