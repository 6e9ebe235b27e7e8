import Foundation
import Testing

@testable import UpdraftSandbox

/// Fidelity check: the real `kubectl` (v1.32) against the simulator over HTTPS with a bearer token.
@Suite struct KubernetesKubectlTests {
    static let configuration: KubernetesSimulatorConfiguration = {
        var configuration = KubernetesSimulatorConfiguration(
            bearerToken: KubernetesClusterFixture.token, tick: .milliseconds(5))
        configuration.behaviors["test/slow"] = .succeed(lines: (1...40).map { "line \($0)" })
        return configuration
    }()

    static func podYAML(_ name: String, image: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          labels: {app: demo}
        spec:
          restartPolicy: Never
          containers:
          - name: base
            image: \(image)
        """
    }

    @Test func createGetLogsAndDeleteAPod() async throws {
        try await KubernetesClusterFixture.with(configuration: Self.configuration) { cluster in
            let empty = try await cluster.kubectl(["get", "pods"])
            #expect(empty.status == 0)
            #expect(empty.stderr.contains("No resources found in default namespace."))

            let file = cluster.directory.appendingPathComponent("pod.yaml").path
            try Self.podYAML("hello", image: "test/slow").write(toFile: file, atomically: true, encoding: .utf8)
            let created = try await cluster.kubectl(try await cluster.createArguments(file))
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout == "pod/hello created\n")

            let client = KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token)
            try await client.waitForPod("hello") { $0.phase == "Running" }
            let followed = try await cluster.kubectl(["logs", "-f", "hello"])
            #expect(followed.status == 0, "\(followed.stderr)")
            #expect(followed.stdout == (1...40).map { "line \($0)\n" }.joined())
            let follows = cluster.simulator.requests.filter { $0.path.hasSuffix("/hello/log") }
            #expect(follows.last?.queryValue("follow") == "true")

            let json = try await cluster.kubectl(["get", "pod", "hello", "-o", "json"])
            let pod = try #require(SandboxJSON.decode(Array(json.stdout.utf8)))
            #expect(pod.phase == "Succeeded")
            #expect(pod.at("metadata", "labels", "app") == "demo")
            #expect(pod.at("status", "containerStatuses", "0", "state", "terminated", "reason") == "Completed")
            let table = try await cluster.kubectl(["get", "pods"])
            #expect(table.stdout.contains("hello") && table.stdout.contains("Completed"))

            let tail = try await cluster.kubectl(["logs", "hello", "--tail=2", "--timestamps"])
            let tailLines = tail.stdout.split(separator: "\n")
            #expect(tailLines.count == 2)
            #expect(tailLines.last?.hasSuffix("Z line 40") == true)

            let deleted = try await cluster.kubectl(["delete", "pod", "hello", "--wait"])
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(deleted.stdout == "pod \"hello\" deleted\n")
            let missing = try await cluster.kubectl(["get", "pod", "hello"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("Error from server (NotFound): pods \"hello\" not found"))
        }
    }

    @Test func runWaitWatchAndGracefulDelete() async throws {
        try await KubernetesClusterFixture.with(configuration: Self.configuration) { cluster in
            let run = try await cluster.kubectl(["run", "sleeper", "--image=sim/long-running", "--restart=Never"])
            #expect(run.status == 0, "\(run.stderr)")
            let ready = try await cluster.kubectl(["wait", "--for=condition=Ready", "pod/sleeper", "--timeout=20s"])
            #expect(ready.status == 0, "\(ready.stderr)")
            #expect(ready.stdout == "pod/sleeper condition met\n")

            let watch = try await cluster.kubectl(["get", "pods", "-w", "--request-timeout=1s"])
            #expect(
                watch.stdout.contains("sleeper") && watch.stdout.contains("Running"), "\(watch.stdout) \(watch.stderr)")

            async let gone = cluster.kubectl(["wait", "--for=delete", "pod/sleeper", "--timeout=20s"])
            try await client(cluster).waitForWatchers(atLeast: 1)
            let deleted = try await cluster.kubectl(["delete", "pod", "sleeper", "--wait=false"])
            #expect(deleted.status == 0, "\(deleted.stderr)")
            let waited = try await gone
            #expect(waited.status == 0, "\(waited.stderr)")
            let killing = try await cluster.kubectl([
                "get", "events", "--field-selector", "reason=Killing", "-o", "name",
            ])
            #expect(killing.stdout.hasPrefix("event/sleeper."), "\(killing.stderr)")
        }
    }

    @Test func errorsReadLikeARealCluster() async throws {
        try await KubernetesClusterFixture.with(configuration: Self.configuration) { cluster in
            let badConfig = cluster.directory.appendingPathComponent("bad-kubeconfig").path
            try cluster.running.writeKubeconfig(to: badConfig, credentials: .customToken("wrong"))
            let unauthorized = try await cluster.kubectl(["get", "pods"], kubeconfig: badConfig)
            #expect(unauthorized.status == 1)
            // kubectl ≥ 1.26 words a 401 this way; older clients print "(Unauthorized)".
            #expect(unauthorized.stderr.contains("error: You must be logged in to the server"))

            let invalid = cluster.directory.appendingPathComponent("invalid.yaml").path
            try Self.podYAML("noimage", image: "\"\"").write(toFile: invalid, atomically: true, encoding: .utf8)
            let rejected = try await cluster.kubectl(try await cluster.createArguments(invalid))
            #expect(rejected.status == 1)
            #expect(
                rejected.stderr.contains("The Pod \"noimage\" is invalid: spec.containers[0].image: Required value"))

            let run = try await cluster.kubectl(["run", "stuck", "--image=sim/config-error", "--restart=Never"])
            #expect(run.status == 0, "\(run.stderr)")
            try await KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token).waitForPod(
                "stuck"
            ) {
                $0.at("status", "containerStatuses", "0", "state", "waiting", "reason") == "CreateContainerConfigError"
            }
            let logs = try await cluster.kubectl(["logs", "stuck"])
            #expect(logs.status == 1)
            #expect(
                logs.stderr.contains(
                    "container \"stuck\" in pod \"stuck\" is waiting to start: CreateContainerConfigError"),
                "\(logs.stderr)")
            let missingLogs = try await cluster.kubectl(["logs", "ghost"])
            #expect(missingLogs.stderr.contains("pods \"ghost\" not found"))
        }
    }

    private func client(_ cluster: KubernetesClusterFixture) -> KubernetesClient {
        KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token)
    }
}
