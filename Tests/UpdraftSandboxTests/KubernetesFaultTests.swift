import Foundation
import Testing

@testable import UpdraftSandbox

/// What clients must survive: injected 429/5xx answers, streams cut while pods run, containers that ignore SIGTERM.
@Suite struct KubernetesFaultTests {
    let clock = KubernetesManualClock()
    let simulator: KubernetesSimulator
    var client: KubernetesClient { KubernetesClient(simulator: simulator) }

    init() {
        var configuration = KubernetesSimulatorConfiguration(tick: .seconds(1))
        configuration.behaviors["test/ticker"] = .runUntilDeleted(line: "tick", everyTicks: 1)
        configuration.behaviors["test/stubborn"] = .runIgnoringTermination(line: "still here", everyTicks: 1)
        configuration.behaviors["test/leaky"] = .fail(
            lines: ["token=$(API_TOKEN)", "kept $$(API_TOKEN) $(UNSET) $"], exitCode: 3,
            terminationMessage: "failed with $(API_TOKEN)")
        simulator = KubernetesSimulator(configuration: configuration, clock: clock)
    }

    @Test func injectedFailuresAnswerMatchingRequestsThenStop() async throws {
        simulator.inject(KubernetesInjectedFailure(status: 429, retryAfterSeconds: 1, method: "POST", count: 2))
        simulator.inject(KubernetesInjectedFailure(status: 503, retryAfterSeconds: 2, pathSuffix: "/pods/ghost"))
        let list = try await client.call("GET", "/api/v1/namespaces/default/pods")
        #expect(list.status == 200)  // a GET does not match the POST failure

        let pod: SandboxJSON = [
            "metadata": ["name": "p"], "spec": ["containers": [["name": "base", "image": "sim/succeed"]]],
        ]
        let throttled = await client.send("POST", "/api/v1/namespaces/default/pods", json: pod)
        #expect(throttled.status == 429)
        #expect(throttled.headers.contains { $0.name == "Retry-After" && $0.value == "1" })
        guard case .bytes(let text) = throttled.body else { throw KubernetesTestError(description: "streamed 429") }
        #expect(String(decoding: text, as: UTF8.self) == "Too many requests, please try again later.\n")
        #expect(await client.send("POST", "/api/v1/namespaces/default/pods", json: pod).status == 429)
        #expect(await client.send("POST", "/api/v1/namespaces/default/pods", json: pod).status == 201)

        let unavailable = await client.send("GET", "/api/v1/namespaces/default/pods/ghost")
        #expect(unavailable.status == 503)
        #expect(unavailable.headers.contains { $0.name == "Retry-After" && $0.value == "2" })
        let status = try await client.call("GET", "/api/v1/namespaces/default/pods/ghost")
        #expect(status.status == 404)
        #expect(simulator.requests.map(\.status) == [200, 429, 429, 201, 503, 404])
    }

    @Test func interruptedStreamsEndCleanlyWhileThePodRuns() async throws {
        try await client.createPod("ticker", image: "test/ticker")
        try await client.advance(clock, "ticker") { $0.phase == "Running" }
        var watch = try await client.watch(
            "/api/v1/namespaces/default/pods", query: [("fieldSelector", "metadata.name=ticker")])
        #expect(try await watch.nextEvent()["type"] == "ADDED")
        let response = await client.send(
            "GET", "/api/v1/namespaces/default/pods/ticker/log", query: [("follow", "true")])
        guard case .stream(let stream) = response.body else { throw KubernetesTestError(description: "not streaming") }
        var log = KubernetesLines(stream: stream)
        #expect(simulator.openStreamCount == 2)

        simulator.interruptStreams()
        _ = try await log.rest()
        _ = try await watch.rest()
        #expect(simulator.openStreamCount == 0)
        let pod = try await client.call("GET", "/api/v1/namespaces/default/pods/ticker")
        #expect(pod.body.phase == "Running")
    }

    @Test func containerIgnoringSIGTERMIsKilledWhenTheGracePeriodEnds() async throws {
        try await client.createPod("stubborn", image: "test/stubborn")
        try await client.advance(clock, "stubborn") { $0.phase == "Running" }
        let deleted = try await client.call(
            "DELETE", "/api/v1/namespaces/default/pods/stubborn", query: [("gracePeriodSeconds", "10")])
        #expect(deleted.body.at("metadata", "deletionGracePeriodSeconds") == 10)
        let deleteTime = clock.now()

        // After the termination ticks it is still running and printing, marked for deletion.
        let printed = try await client.advance(clock, "stubborn") { _ in clock.now() >= deleteTime + 4 }
        #expect(printed.phase == "Running")
        #expect(printed.at("metadata", "deletionTimestamp") != nil)
        let lines = try await client.text(
            "/api/v1/namespaces/default/pods/stubborn/log",
            query: [("sinceTime", KubernetesTime.seconds(deleteTime + 1))])
        #expect(lines.text.hasPrefix("still here\n"))

        let gone = try await client.advance(clock, "stubborn") { $0 == .null }
        #expect(gone == .null)
        let killed = try #require(simulator.terminations.first { $0.pod == "stubborn" })
        #expect(killed.exitCode == 137)
        #expect(killed.finishedAt >= deleteTime + 10)
    }

    @Test func printedLinesExpandTheContainerEnvironment() async throws {
        let pod: SandboxJSON = [
            "metadata": ["name": "leaky"],
            "spec": [
                "restartPolicy": "Never",
                "containers": [
                    [
                        "name": "base", "image": "test/leaky",
                        "env": [["name": "API_TOKEN", "value": "s3cr3t"], ["name": "FROM_SECRET", "valueFrom": [:]]],
                    ]
                ],
            ],
        ]
        #expect(try await client.call("POST", "/api/v1/namespaces/default/pods", json: pod).status == 201)
        let failed = try await client.advance(clock, "leaky") { $0.phase == "Failed" }
        #expect(failed.at("status", "containerStatuses", "0", "state", "terminated", "message") == "failed with s3cr3t")
        #expect(failed.at("status", "containerStatuses", "0", "state", "terminated", "exitCode") == 3)
        let log = try await client.text("/api/v1/namespaces/default/pods/leaky/log")
        #expect(log.text == "token=s3cr3t\nkept $(API_TOKEN) $(UNSET) $\n")
    }
}
