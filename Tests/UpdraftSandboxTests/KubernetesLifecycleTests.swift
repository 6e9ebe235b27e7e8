import Foundation
import Testing

@testable import UpdraftSandbox

/// Scripted pod behaviours, watches and log streams, stepped by hand with a manual clock.
@Suite struct KubernetesLifecycleTests {
    let clock = KubernetesManualClock()
    let simulator: KubernetesSimulator
    var client: KubernetesClient { KubernetesClient(simulator: simulator) }

    init() {
        var configuration = KubernetesSimulatorConfiguration(tick: .seconds(1), watchHistoryCapacity: 20)
        configuration.behaviors["test/ticker"] = .runUntilDeleted(line: "tick", everyTicks: 1)
        simulator = KubernetesSimulator(configuration: configuration, clock: clock)
    }

    /// Advances the clock a tick at a time until the pod satisfies `condition`.
    @discardableResult
    func advance(_ name: String, until condition: (SandboxJSON) -> Bool) async throws -> SandboxJSON {
        try await client.advance(clock, name, until: condition)
    }

    func waitingReason(_ pod: SandboxJSON) -> String? {
        pod.at("status", "containerStatuses", "0", "state", "waiting", "reason")?.string
    }

    @Test func imagePullFailureBacksOffWithEventsAndLogErrors() async throws {
        try await client.createPod("pull", image: "sim/rate-limited:2")
        let pulling = try await advance("pull") { waitingReason($0) == "ErrImagePull" }
        #expect(
            pulling.at("status", "containerStatuses", "0", "state", "waiting", "message")?.string?.contains(
                "Too Many Requests") == true)
        #expect(pulling.phase == "Pending")
        let log = try await client.call("GET", "/api/v1/namespaces/default/pods/pull/log")
        #expect(log.status == 400)
        #expect(log.body["message"] == "container \"base\" in pod \"pull\" is waiting to start: image can't be pulled")

        let backOff = try await advance("pull") { waitingReason($0) == "ImagePullBackOff" }
        #expect(
            backOff.at("status", "containerStatuses", "0", "state", "waiting", "message")
                == "Back-off pulling image \"sim/rate-limited:2\"")
        let events = try await client.call(
            "GET", "/api/v1/namespaces/default/events", query: [("fieldSelector", "involvedObject.name=pull")])
        let summary = (events.body["items"]?.array ?? []).map {
            "\($0.path("type")) \($0.path("reason")): \($0.path("message"))"
        }
        #expect(summary.contains("Warning Failed: Error: ErrImagePull"))
        #expect(summary.contains("Normal BackOff: Back-off pulling image \"sim/rate-limited:2\""))
        #expect(summary.contains { $0.hasPrefix("Warning Failed: Failed to pull image \"sim/rate-limited:2\": ") })

        try await advance("pull") { waitingReason($0) == "ErrImagePull" }
        let again = try await client.call(
            "GET", "/api/v1/namespaces/default/events",
            query: [("fieldSelector", "involvedObject.name=pull,reason=Pulling")])
        #expect(again.body.at("items", "0", "count") == 2)
    }

    @Test func otherStartupFailures() async throws {
        try await client.createPod("bad-name", image: "Sim/Upper")
        try await client.createPod("pending", image: "sim/unschedulable")
        try await client.createPod("failing", image: "sim/fail")
        let invalid = try await advance("bad-name") { waitingReason($0) == "InvalidImageName" }
        #expect(
            invalid.at("status", "containerStatuses", "0", "state", "waiting", "message")?.string?.contains(
                "invalid reference format") == true)
        let pending = try await advance("pending") { $0.at("status", "conditions", "0", "reason") == "Unschedulable" }
        #expect(pending.at("status", "conditions", "0", "status") == "False")
        #expect(pending.at("spec", "nodeName") == nil)
        #expect(await client.send("GET", "/api/v1/namespaces/default/pods/pending/log").status == 204)
        let failed = try await advance("failing") { $0.phase == "Failed" }
        let terminated = failed.at("status", "containerStatuses", "0", "state", "terminated")
        #expect(terminated?["exitCode"] == 1)
        #expect(terminated?["reason"] == "Error")
        #expect(terminated?["message"] == "simulated failure")
    }

    @Test func followedLogStreamsUntilTheGracefulDeleteEnds() async throws {
        try await client.createPod("ticker", image: "test/ticker")
        try await advance("ticker") { $0.phase == "Running" }
        let creating = try await client.call(
            "GET", "/api/v1/namespaces/default/pods/ticker/log", query: [("container", "nope")])
        #expect(creating.body["message"] == "container nope is not valid for pod ticker")

        let created = try #require(simulator.requests.first { $0.method == "POST" }).path
        #expect(created == "/api/v1/namespaces/default/pods")
        let since = simulator.resourceVersion
        var watch = try await client.watch(
            "/api/v1/namespaces/default/pods",
            query: [("fieldSelector", "metadata.name=ticker"), ("resourceVersion", String(since))])
        let response = await client.send(
            "GET", "/api/v1/namespaces/default/pods/ticker/log", query: [("follow", "true"), ("timestamps", "true")])
        guard case .stream(let stream) = response.body else { throw KubernetesTestError(description: "not streaming") }
        var log = KubernetesLines(stream: stream)
        clock.advance(by: 1)
        let first = try #require(try await log.next())
        #expect(first.hasSuffix("Z tick") && first.count == "2024-01-01T00:00:00.000000000Z tick".count)
        clock.advance(by: 1)
        #expect(try await log.next()?.hasSuffix(" tick") == true)

        let deleted = try await client.call(
            "DELETE", "/api/v1/namespaces/default/pods/ticker", json: ["gracePeriodSeconds": 5])
        #expect(deleted.status == 200)
        #expect(deleted.body.at("metadata", "deletionGracePeriodSeconds") == 5)
        #expect(deleted.body.at("metadata", "deletionTimestamp") != nil)
        clock.advance(by: 2)  // the configured termination ticks
        var types: [String] = []
        while types.last != "DELETED" {
            types.append(try await watch.nextEvent()["type"]?.string ?? "?")
        }
        #expect(types.allSatisfy { $0 == "MODIFIED" || $0 == "DELETED" })
        #expect(types.count >= 2)
        _ = try await log.rest()  // the stream ends with the container
        #expect(try await client.call("GET", "/api/v1/namespaces/default/pods/ticker").status == 404)
        #expect(simulator.openStreamCount == 1)  // only the pod watch, which runs until its timeout
    }

    @Test func logOptionsSelectAndValidate() async throws {
        try await client.createPod("done", image: "sim/succeed")
        try await advance("done") { $0.phase == "Succeeded" }
        let path = "/api/v1/namespaces/default/pods/done/log"
        #expect(try await client.text(path, query: [("tailLines", "1")]).text == "job finished\n")
        #expect(try await client.text(path, query: [("limitBytes", "5")]).text == "start")
        #expect(try await client.text(path, query: [("sinceTime", "2030-01-01T00:00:00Z")]).text == "")
        #expect(try await client.text(path, query: [("follow", "true")]).text.hasSuffix("job finished\n"))

        // Each line was printed on its own simulated second; select from the second line on, both ways.
        let stamped = try await client.text(path, query: [("timestamps", "true")]).text.split(separator: "\n")
        let second = try #require(stamped.dropFirst().first?.split(separator: " ").first.map(String.init))
        let fromSecond = "processing 3 records\njob finished\n"
        #expect(try await client.text(path, query: [("sinceTime", second)]).text == fromSecond)
        let secondTime = try #require(KubernetesTime.parse(second))
        let midSecond = KubernetesTime.nano(secondTime + 0.5)  // the API server keeps whole seconds only
        #expect(try await client.text(path, query: [("sinceTime", midSecond)]).text == fromSecond)
        let seconds = Int(clock.now().timeIntervalSince(secondTime))
        #expect(try await client.text(path, query: [("sinceSeconds", String(seconds))]).text == fromSecond)
        #expect(
            try await client.text(path, query: [("sinceSeconds", String(seconds)), ("tailLines", "1")]).text
                == "job finished\n")
        let invalid = try await client.call("GET", path, query: [("tailLines", "-1"), ("sinceSeconds", "0")])
        #expect(invalid.status == 422)
        #expect(
            invalid.body["message"]?.string
                == "PodLogOptions \"done\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal "
                + "to 0, sinceSeconds: Invalid value: 0: must be greater than 0]"
        )
        let previous = try await client.call("GET", path, query: [("previous", "true")])
        #expect(previous.body["message"] == "previous terminated container \"base\" in pod \"done\" not found")
    }

    @Test func watchResumesExpiresAndBookmarks() async throws {
        try await client.createPod("w1", image: "sim/unschedulable", labels: ["app": "a"])
        try await advance("w1") { $0.at("status", "conditions") != nil }
        let version = simulator.resourceVersion
        var fromStart = try await client.watch(
            "/api/v1/namespaces/default/pods",
            query: [("labelSelector", "app=a"), ("allowWatchBookmarks", "true"), ("timeoutSeconds", "30")])
        let added = try await fromStart.nextEvent()
        #expect(added["type"] == "ADDED")
        #expect(added.at("object", "metadata", "name") == "w1")

        _ = try await client.call(
            "PATCH", "/api/v1/namespaces/default/pods/w1", json: ["metadata": ["labels": ["app": "b"]]],
            contentType: "application/merge-patch+json")
        let left = try await fromStart.nextEvent()
        #expect(left["type"] == "DELETED")  // the pod left the selection
        #expect(Int(left.at("object", "metadata", "resourceVersion")?.string ?? "") == version + 1)

        var resumed = try await client.watch(
            "/api/v1/namespaces/default/pods", query: [("resourceVersion", String(version))])
        let replayed = try await resumed.nextEvent()
        #expect(replayed["type"] == "MODIFIED")

        for index in 0..<30 { try await client.createPod("filler-\(index)", image: "sim/unschedulable") }
        var expired = try await client.watch("/api/v1/namespaces/default/pods", query: [("resourceVersion", "2")])
        let error = try await expired.nextEvent()
        #expect(error["type"] == "ERROR")
        #expect(error.at("object", "code") == 410)
        #expect(error.at("object", "reason") == "Expired")
        #expect(error.at("object", "message")?.string?.hasPrefix("too old resource version: 2 (") == true)
        #expect(try await expired.next() == nil)

        clock.advance(by: 31)
        var sawBookmark = false
        while let line = try await fromStart.next() {
            sawBookmark = sawBookmark || SandboxJSON.decode(Array(line.utf8))?["type"] == "BOOKMARK"
        }
        #expect(sawBookmark)  // sent right before the timeout closed the stream
    }
}
