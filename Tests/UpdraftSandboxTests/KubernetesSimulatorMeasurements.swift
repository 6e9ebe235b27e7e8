import Foundation
import Testing

@testable import UpdraftSandbox

/// The figures of BENCHMARKS.md's kubernetes-sim section; printed, never asserted (they depend on machine load),
/// while the pods' ends and the follow streams' ends are checked like in any test.
/// Run with `swift test --filter KubernetesSimulatorMeasurements`.
@Suite struct KubernetesSimulatorMeasurements {
    @Test func podLifetimeAndFollowEndLatency() async throws {
        let running = try await KubernetesSimulator.start()
        let client = KubernetesClient(simulator: running.simulator, token: running.token)
        var lifetimes: [Double] = []
        for index in 0..<20 {
            let start = Date()
            try await client.createPod("p\(index)", image: "sim/succeed")
            try await client.waitForPod("p\(index)") { $0.phase == "Succeeded" }
            let finished = try #require(running.terminations.first { $0.pod == "p\(index)" }).finishedAt
            lifetimes.append(finished.timeIntervalSince(start) * 1000)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-measure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var latencies: [Double] = []
        for index in 0..<10 {
            try await client.createPod("f\(index)", image: "sim/long-running")
            try await client.waitForPod("f\(index)") { $0.phase == "Running" }
            async let follow = KubernetesProcessResult.run(
                "/usr/bin/curl",
                [
                    "-sS", "-N", "--cacert", running.caCertificateFile, "-H", "Authorization: Bearer \(running.token)",
                    "\(running.baseURL)/api/v1/namespaces/default/pods/f\(index)/log?follow=true",
                ],
                environment: [:], directory: scratch, timeout: .seconds(20))
            try await client.waitForWatchers(atLeast: 1)
            _ = try await client.call(
                "DELETE", "/api/v1/namespaces/default/pods/f\(index)", json: ["gracePeriodSeconds": 1])
            _ = try await follow
            let ended = Date()
            let finished = try #require(running.terminations.first { $0.pod == "f\(index)" }).finishedAt
            latencies.append(ended.timeIntervalSince(finished) * 1000)
        }
        try await running.shutdown()
        let format = { (values: [Double]) in values.sorted().map { String(format: "%.1f", $0) }.joined(separator: " ") }
        print("kubernetes-sim: create → terminated (ms): \(format(lifetimes))")
        print("kubernetes-sim: container end → follow stream end at curl (ms): \(format(latencies))")
    }
}
