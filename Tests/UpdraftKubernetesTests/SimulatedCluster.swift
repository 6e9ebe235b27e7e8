import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// The Kubernetes simulator served over HTTPS on loopback (throwaway CA, bearer token) and a kubeconfig for it.
struct SimulatedCluster {
    static let token = "kpo-integration-token"

    let simulator: KubernetesSimulator
    let server: SandboxHTTPServer
    let kubeconfig: String
    /// The directory of the kubeconfig and certificates (removed afterwards).
    let directory: String
    /// The CA certificate, Base64 (for kubeconfigs a test writes itself).
    let caData: String

    /// The default configuration: namespaces `default` and `jobs`, a 5 ms tick.
    static func configuration(tick: Duration = .milliseconds(5)) -> KubernetesSimulatorConfiguration {
        KubernetesSimulatorConfiguration(bearerToken: token, namespaces: ["default", "jobs"], tick: tick)
    }

    /// Starts a cluster, runs `body`, stops the cluster and removes its files.
    static func with<T>(
        _ configuration: KubernetesSimulatorConfiguration = configuration(),
        clock: any KubernetesSimulatorClock = KubernetesSystemClock(), _ body: (SimulatedCluster) async throws -> T
    ) async throws -> T {
        let directory = NSTemporaryDirectory() + "kpo-sim-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificates = try SandboxCertificates.generate(in: directory)
        let simulator = KubernetesSimulator(configuration: configuration, clock: clock)
        let server = try await SandboxHTTPServer.start(
            tls: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: false), handler: simulator)
        let caData = try Data(contentsOf: URL(fileURLWithPath: certificates.caCertificateFile)).base64EncodedString()
        let kubeconfig = directory + "/kubeconfig"
        try """
            apiVersion: v1
            kind: Config
            current-context: sim
            clusters:
            - name: sim
              cluster: {server: "\(server.baseURL)", certificate-authority-data: \(caData)}
            users:
            - name: tester
              user: {token: \(token)}
            contexts:
            - name: sim
              context: {cluster: sim, user: tester, namespace: jobs}
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let cluster = SimulatedCluster(
            simulator: simulator, server: server, kubeconfig: kubeconfig, directory: directory, caData: caData)
        let result: Result<T, any Error>
        do { result = .success(try await body(cluster)) } catch { result = .failure(error) }
        try? await server.shutdown()
        simulator.shutdown()
        return try result.get()
    }

    /// A live hook configured from the kubeconfig, as an operator with `configFile` gets it.
    func hook(clock: any UpdraftClock, masker: SecretMasker,
              retryPolicy: KubernetesRetryPolicy = KubernetesRetryPolicy()) throws -> CurlKubernetesHook {
        let configuration = try KubernetesClusterResolver(environment: [:]).resolve(
            connection: nil, inCluster: false, configFile: kubeconfig, clusterContext: "sim")
        return CurlKubernetesHook(configuration: configuration, clock: clock, masker: masker, retryPolicy: retryPolicy)
    }

    /// A task context whose `kubernetes_default` hook is the live hook to this cluster. Its retry waits are real by
    /// default (a test clock that never advances cannot stall them); pass `hookClock` to step them by hand.
    func context(taskID: String = "talend", clock: ManualClock = ManualClock(), logs: TaskLogStore = TaskLogStore(),
                 masker: SecretMasker = SecretMasker(), tryNumber: Int = 1, hookClock: (any UpdraftClock)? = nil,
                 retryPolicy: KubernetesRetryPolicy = KubernetesRetryPolicy()) throws -> TaskContext {
        let hook = try hook(clock: hookClock ?? SystemClock(), masker: masker, retryPolicy: retryPolicy)
        return TaskContext.forTesting(taskID: taskID, dagID: "talend_jobs", runID: "manual__1", tryNumber: tryNumber,
                                      hooks: ["kubernetes_default": hook], clock: clock, logs: logs, masker: masker)
    }

    /// The operator pods currently in namespace `jobs` (an API call the operator does not make).
    func pods() async throws -> [Pod] {
        try await hook(clock: SystemClock(), masker: SecretMasker())
            .listPods(namespace: "jobs", labelSelector: "kubernetes_pod_operator=True").items
    }

    /// The names of ``pods()``.
    func podNames() async throws -> [String] { try await pods().compactMap(\.metadata.name) }

    /// The API requests received, without the test's own `podNames()` calls.
    var operatorRequests: [KubernetesRequestRecord] {
        simulator.requests.filter { $0.queryValue("labelSelector") != "kubernetes_pod_operator=True" }
    }

    /// Polls `condition` until it holds, failing after `timeout` (a bounded wait, not a fixed sleep).
    func waitUntil(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw SimulatedClusterTimeout() }
            try await Task.sleep(for: .milliseconds(2))  // polling interval of a bounded wait
        }
    }
}

struct SimulatedClusterTimeout: Error {}
