import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// Whole DAG runs (live hooks from a `kubernetes` connection) against the simulated cluster: configuration faults
/// fail the try at once although the task has retries; transient faults use the retries.
@Suite struct PodConfigurationErrorTests {
    /// Runs one pod task with two retries five minutes apart, the cluster reached through `kubeconfig`.
    private static func run(
        _ kubeconfig: String, context: String? = nil, op: KubernetesPodOperator = KubernetesPodOperator(image: "sim/succeed"),
        masker: SecretMasker = SecretMasker()
    ) async throws -> DAGRunResult {
        var extra: [String: JSONValue] = ["kube_config_path": .string(kubeconfig)]
        if let context { extra["cluster_context"] = .string(context) }
        let connection = GenericConnection(connID: "kubernetes_default", connType: "kubernetes", extra: extra)
        let dag = try DAG("talend_jobs") { dag in
            dag.task("pod", op, options: TaskOptions(retries: 2, retryDelay: .seconds(300)))
        }
        return try await dag.testLive(connections: [connection], masker: masker)
    }

    /// A kubeconfig for `cluster` whose user and cluster entries are `user` and `clusterExtra`.
    private static func kubeconfig(_ cluster: SimulatedCluster, user: String, clusterExtra: String? = nil) throws
        -> String
    {
        let path = cluster.directory + "/kubeconfig-\(UUID().uuidString)"
        try """
            current-context: sim
            clusters:
            - name: sim
              cluster: {server: "\(cluster.server.baseURL)", \(clusterExtra ?? "certificate-authority-data: \(cluster.caData)")}
            users:
            - name: tester
              user: {\(user)}
            contexts:
            - name: sim
              context: {cluster: sim, user: tester, namespace: jobs}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func expectFailedAtOnce(_ result: DAGRunResult, _ fragments: String...) {
        #expect(result.state(of: "pod") == .failed)
        #expect(result.taskInstances["pod"]?.tryNumber == 1, "not retried")
        let error = result.taskInstances["pod"]?.error ?? ""
        for fragment in fragments { #expect(error.contains(fragment), "\(error)") }
    }

    @Test func aRejectedTokenFailsAtOnce() async throws {
        try await SimulatedCluster.with { cluster in
            let result = try await Self.run(try Self.kubeconfig(cluster, user: "token: not-the-token"))
            Self.expectFailedAtOnce(result, "HTTP 401 Unauthorized")
            #expect(try await cluster.podNames().isEmpty)
        }
    }

    @Test func forbiddenFailsAtOnce() async throws {
        try await SimulatedCluster.with { cluster in
            cluster.simulator.inject(KubernetesInjectedFailure(status: 403, method: "POST", count: .max))
            let result = try await Self.run(cluster.kubeconfig)
            Self.expectFailedAtOnce(result, "HTTP 403 Forbidden", "pods is forbidden")
            #expect(try await cluster.podNames().isEmpty)
        }
    }

    @Test func aPodSpecTheAPIRejectsFailsAtOnce() async throws {
        try await SimulatedCluster.with { cluster in
            let result = try await Self.run(cluster.kubeconfig, op: KubernetesPodOperator(image: " "))
            Self.expectFailedAtOnce(result, "HTTP 422 Invalid", "spec.containers[0].image: Required value")
            #expect(cluster.operatorRequests.filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func anUnknownContextFailsAtOnceNamingTheKnownOnes() async throws {
        try await SimulatedCluster.with { cluster in
            let result = try await Self.run(cluster.kubeconfig, context: "docker-desktop")
            Self.expectFailedAtOnce(result, "context 'docker-desktop' not found (available: sim)")
            #expect(cluster.simulator.requests.isEmpty)
        }
    }

    @Test(arguments: [
        ("client-certificate-data: bm90IGEgY2VydA==, client-key-data: bm90IGEga2V5", nil,
         "users[0].user.client-certificate-data: the Base64 does not decode to a PEM certificate"),
        ("token: t", "certificate-authority-data: '%%% not base64 %%%'",
         "clusters[0].cluster.certificate-authority-data: not valid Base64"),
    ])
    func certificateDataThatIsNotBase64PEMFailsAtOnceNamingTheField(
        user: String, clusterExtra: String?, message: String
    ) async throws {
        try await SimulatedCluster.with { cluster in
            let path = try Self.kubeconfig(cluster, user: user, clusterExtra: clusterExtra)
            Self.expectFailedAtOnce(try await Self.run(path), message)
            #expect(cluster.simulator.requests.isEmpty)
        }
    }

    @Test func aRefusedConnectionIsRetriedLikeAnOutage() async throws {
        // A cluster started, then stopped: its port refuses connections.
        let (server, caData) = try await SimulatedCluster.with { ($0.server.baseURL, $0.caData) }
        let path = NSTemporaryDirectory() + "kubeconfig-refused-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            current-context: sim
            clusters: [{name: sim, cluster: {server: "\(server)", certificate-authority-data: \(caData)}}]
            users: [{name: tester, user: {token: t}}]
            contexts: [{name: sim, context: {cluster: sim, user: tester}}]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await Self.run(path)
        #expect(result.state(of: "pod") == .failed)
        #expect(result.taskInstances["pod"]?.tryNumber == 3, "both retries used")
        #expect(result.taskInstances["pod"]?.error?.contains("couldNotConnect") == true)
    }

    @Test func serverErrorsOnEveryCreateUseTheRetries() async throws {
        try await SimulatedCluster.with { cluster in
            cluster.simulator.inject(KubernetesInjectedFailure(status: 500, method: "POST", count: .max))
            let result = try await Self.run(cluster.kubeconfig)
            #expect(result.taskInstances["pod"]?.tryNumber == 3)
            #expect(result.taskInstances["pod"]?.error?.contains("HTTP 500") == true)
            #expect(try await cluster.podNames().isEmpty)
        }
    }
}
