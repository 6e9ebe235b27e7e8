import Foundation
import Testing
import Updraft
import UpdraftCLI
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// A whole DAG run, through a kubeconfig with basic credentials, whose pod prints the credentials it was given and
/// fails, while its streams are cut: the secrets (the password, the Base64 `Basic` value, a secret env var) appear
/// nowhere in what the command line shows — the task log and errors (the console), the run JSON and the HTML
/// report — and the failed pod is summarised at ERROR and deleted once.
@Suite struct PodSecretsEndToEndTests {
    static let basic = KubernetesBasicAuth(username: "talend-admin", password: "b4sic-pa55word")
    static let apiToken = "tok-2718281828"

    @Test func secretsStayOutOfTheConsoleTheRunJSONAndTheReport() async throws {
        let simulatorClock = KubernetesManualClock()
        var configuration = SteppedPod.configuration(lines: 4)
        configuration.basicAuth = Self.basic
        configuration.behaviors["sim/leaky"] = .fail(
            lines: ["calling the API with Basic $(UPSTREAM_LOGIN)", "token=$(API_TOKEN)", "working", "still working"],
            exitCode: 3, terminationMessage: "rejected $(API_TOKEN)")
        try await SimulatedCluster.with(configuration, clock: simulatorClock) { cluster in
            let path = cluster.directory + "/basic-kubeconfig"
            try """
                current-context: sim
                clusters: [{name: sim, cluster: {server: "\(cluster.server.baseURL)", certificate-authority-data: \(cluster.caData)}}]
                users: [{name: admin, user: {username: \(Self.basic.username), password: \(Self.basic.password)}}]
                contexts: [{name: sim, context: {cluster: sim, user: admin, namespace: jobs}}]
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let dag = try DAG("talend_jobs") { dag in
                dag.task("pod", KubernetesPodOperator(
                    image: "sim/leaky", // A name that does not look secret: only the hook's registration of the Base64 form masks it.
                    envVars: [EnvVar(name: "UPSTREAM_LOGIN", value: Self.basic.headerValue)],
                    secretEnvVars: ["API_TOKEN": Self.apiToken], logEventsOnFailure: true))
            }
            let masker = SecretMasker()
            let connection = GenericConnection(
                connID: "kubernetes_default", connType: "kubernetes", extra: ["kube_config_path": .string(path)])
            let run = Task { try await dag.testLive(connections: [connection], masker: masker) }
            let stepped = SteppedPod(cluster: cluster, simulatorClock: simulatorClock, logs: TaskLogStore(), lineCount: 4)
            try await stepped.startRunning()
            simulatorClock.advance(by: SteppedPod.tick)
            try await cluster.waitUntil { cluster.simulator.requests.contains { $0.path.hasSuffix("/log") } }
            cluster.simulator.cutStreams(.reset)
            try await cluster.waitUntil { cluster.simulator.openStreamCount >= 2 }
            stepped.runToTheEnd()
            let result = try await run.value

            #expect(result.state(of: "pod") == .failed)
            let console = result.logLines(of: "pod").map { "\($0.level) \($0.message)" }.joined(separator: "\n")
                + "\n" + (result.taskInstances["pod"]?.error ?? "")
            let archive = try await RunArchive(dag: dag, result: result, masker: masker)
            let runs = URL(fileURLWithPath: cluster.directory + "/runs")
            let runJSON = try String(contentsOf: try RunArchiveDirectory(root: runs).save(archive), encoding: .utf8)
            // The report's log section reads log files, which an in-memory test run has none of: the same lines are
            // checked above as the console.
            let report = HTMLReport(archive: archive, logs: nil, masker: masker).render()
            #expect(console.contains("calling the API with Basic ***"), "\(console)")
            #expect(console.contains("token=***"))
            for (name, text) in [("console", console), ("run JSON", runJSON), ("report", report)] {
                for secret in [Self.basic.password, Self.basic.headerValue, Self.apiToken] {
                    #expect(!text.contains(secret), "\(name) shows \(secret)")
                }
            }
            // The failure, summarised once at ERROR; the pod JSON is for DEBUG only.
            let errors = result.logLines(of: "pod").filter { "\($0.level)" == "error" }.map(\.message)
            #expect(errors.contains { $0.contains("failed: phase Failed") && $0.contains("exit code 3") && $0.contains("rejected ***") })
            #expect(!console.contains(#""containers""#))
            #expect(cluster.simulator.requests.filter { $0.method == "DELETE" }.count == 1)
            try await cluster.waitUntil { try await cluster.podNames().isEmpty }
        }
    }
}
