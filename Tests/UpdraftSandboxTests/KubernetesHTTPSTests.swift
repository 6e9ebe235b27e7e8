import Foundation
import Testing

@testable import UpdraftSandbox

/// The simulator over the wire (HTTPS on loopback, through `KubernetesSimulator.start`): framing, auth and the
/// public entry point other modules' tests use.
@Suite struct KubernetesHTTPSTests {
    /// Splits `curl -i` output into the lower-cased header block and the body.
    static func split(_ output: String) -> (headers: String, body: String) {
        guard let range = output.range(of: "\r\n\r\n") else { return (output.lowercased(), "") }
        return (String(output[..<range.lowerBound]).lowercased(), String(output[range.upperBound...]))
    }

    @Test func missingOrWrongTokenGets401Status() async throws {
        try await KubernetesClusterFixture.with { cluster in
            for token in [nil, "wrong"] as [String?] {
                let answer = try await cluster.curl("/api/v1/namespaces/default/pods", token: token)
                let (headers, body) = Self.split(answer.stdout)
                #expect(headers.hasPrefix("http/1.1 401"), "\(answer.stdout)")
                #expect(headers.contains("content-type: application/json"))
                let status = try #require(SandboxJSON.decode(Array(body.utf8)))
                #expect(status["kind"] == "Status" && status["reason"] == "Unauthorized" && status["code"] == 401)
            }
            let records = cluster.running.requests
            #expect(records.map(\.status) == [401, 401])
            #expect(records.allSatisfy { $0.path == "/api/v1/namespaces/default/pods" })
        }
    }

    @Test func followedLogIsChunkedAndEndsWithTheContainer() async throws {
        let clock = KubernetesManualClock()
        let configuration = KubernetesSimulatorConfiguration(
            bearerToken: KubernetesClusterFixture.token, tick: .seconds(1))
        try await KubernetesClusterFixture.with(configuration: configuration, clock: clock) { cluster in
            let client = KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token)
            try await client.createPod("follow", image: "sim/succeed")
            try await client.advance(clock, "follow") { $0.phase == "Running" }
            async let answer = cluster.curl("/api/v1/namespaces/default/pods/follow/log?follow=true")
            try await client.waitForWatchers(atLeast: 1)  // curl's follow stream is registered
            try await client.advance(clock, "follow") { $0.phase == "Succeeded" }
            let (headers, body) = Self.split(try await answer.stdout)
            #expect(headers.hasPrefix("http/1.1 200"))
            #expect(headers.contains("transfer-encoding: chunked"))
            #expect(headers.contains("content-type: text/plain"))
            #expect(body == "starting job\nprocessing 3 records\njob finished\n")
            let ended = try #require(cluster.running.terminations.first { $0.pod == "follow" })
            #expect(ended.container == "base" && ended.exitCode == 0)
            #expect(ended.finishedAt > clock.now().addingTimeInterval(-5))
            #expect(cluster.simulator.openStreamCount == 0)
        }
    }

    @Test func watchStreamsJSONLinesUntilItsTimeout() async throws {
        try await KubernetesClusterFixture.with { cluster in
            let client = KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token)
            try await client.createPod("watched", image: "sim/unschedulable")
            let answer = try await cluster.curl(
                "/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dwatched&timeoutSeconds=1")
            let (headers, body) = Self.split(answer.stdout)
            #expect(headers.hasPrefix("http/1.1 200"))
            #expect(headers.contains("transfer-encoding: chunked"))
            #expect(headers.contains("content-type: application/json"))
            let events = body.split(separator: "\n").compactMap { SandboxJSON.decode(Array($0.utf8)) }
            #expect(events.first?["type"] == "ADDED")
            #expect(events.allSatisfy { $0.at("object", "metadata", "name") == "watched" })
            #expect(cluster.running.requests.last?.isWatch == true)
        }
    }

    @Test func mutualTLSAuthenticatesKubectlByCertificate() async throws {
        try await KubernetesClusterFixture.with(requireClientCertificate: true) { cluster in
            let listed = try await cluster.kubectl(["get", "pods"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stderr.contains("No resources found in default namespace."))
            let tokenOnly = cluster.directory.appendingPathComponent("token-only").path
            try cluster.running.writeKubeconfig(to: tokenOnly, credentials: .token)
            let refused = try await cluster.kubectl(["get", "pods", "--request-timeout=5s"], kubeconfig: tokenOnly)
            #expect(refused.status != 0)
        }
    }

    @Test func kubeconfigNamesTheContextAndNamespace() async throws {
        try await KubernetesClusterFixture.with { cluster in
            let text = cluster.running.kubeconfig(namespace: "kube-system", contextName: "ctx \"a\"")
            #expect(text.contains("current-context: \"ctx \\\"a\\\"\""))
            #expect(text.contains("namespace: \"kube-system\""))
            #expect(text.contains("token: \"\(KubernetesClusterFixture.token)\""))
            #expect(
                text.contains(
                    "certificate-authority-data: \(Data(cluster.running.caCertificatePEM.utf8).base64EncodedString())"))
            let path = cluster.directory.appendingPathComponent("ns-config").path
            try cluster.running.writeKubeconfig(to: path, namespace: "kube-system")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let listed = try await cluster.kubectl(["get", "pods"], kubeconfig: path)
            #expect(listed.stderr.contains("No resources found in kube-system namespace."), "\(listed.stderr)")
        }
    }

    @Test func chosenCertificateDirectoryOutlivesTheServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-certs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let running = try await KubernetesSimulator.start(certificateDirectory: directory.path)
        #expect(running.caCertificateFile.hasPrefix(directory.path))
        #expect(running.token.hasPrefix("sim-"))  // generated when the configuration has none
        try await running.shutdown()
        #expect(FileManager.default.fileExists(atPath: running.caCertificateFile))

        let temporary = try await KubernetesSimulator.start()
        try await temporary.shutdown()
        #expect(!FileManager.default.fileExists(atPath: temporary.directory))
    }

    @Test func shutdownEndsOpenStreams() async throws {
        let running = try await KubernetesSimulator.start()
        let client = KubernetesClient(simulator: running.simulator, token: running.token)
        try await client.createPod("forever", image: "sim/long-running")
        try await client.waitForPod("forever") { $0.phase == "Running" }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        async let follow = KubernetesProcessResult.run(
            "/usr/bin/curl",
            [
                "-sS", "-N", "--cacert", running.caCertificateFile, "-H", "Authorization: Bearer \(running.token)",
                "\(running.baseURL)/api/v1/namespaces/default/pods/forever/log?follow=true",
            ],
            environment: [:], directory: scratch, timeout: .seconds(20))
        try await client.waitForWatchers(atLeast: 1)
        try await running.shutdown()
        // curl returns (reporting the cut stream) instead of hitting its timeout, which would throw here.
        let ended = try await follow
        #expect(ended.stdout.split(separator: "\n").allSatisfy { $0 == "tick" })
    }
}
