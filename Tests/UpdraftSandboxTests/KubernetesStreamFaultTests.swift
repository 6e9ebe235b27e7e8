import Foundation
import Testing

@testable import UpdraftSandbox

/// The faults tests switch on for clients of the simulated API: compacted watch history (410), streams cut
/// mid-chunk, bursts limited to streams, slow bodies, basic authentication.
@Suite struct KubernetesStreamFaultTests {
    let clock = KubernetesManualClock()
    let simulator: KubernetesSimulator
    var client: KubernetesClient { KubernetesClient(simulator: simulator) }

    init() {
        var configuration = KubernetesSimulatorConfiguration(tick: .seconds(1))
        configuration.behaviors["test/ticker"] = .runUntilDeleted(line: "tick", everyTicks: 1)
        simulator = KubernetesSimulator(configuration: configuration, clock: clock)
    }

    private func runningTicker() async throws -> Int {
        try await client.createPod("ticker", image: "test/ticker")
        let pod = try await client.advance(clock, "ticker") { $0.phase == "Running" }
        return Int(pod.at("metadata", "resourceVersion")?.string ?? "") ?? 0
    }

    @Test func compactedHistoryAnswersOldWatchesWithAnExpiredEventUntilAFreshList() async throws {
        let seen = try await runningTicker()
        let listVersion = simulator.compactHistory()
        #expect(listVersion > seen)
        var stale = try await client.watch(
            "/api/v1/namespaces/default/pods",
            query: [("fieldSelector", "metadata.name=ticker"), ("resourceVersion", String(seen))])
        let error = try await stale.nextEvent()
        #expect(error["type"] == "ERROR")
        #expect(error.at("object", "code") == 410)
        #expect(error.at("object", "reason") == "Expired")
        #expect(try await stale.next() == nil, "the stream ends after the ERROR event")

        let list = try await client.call(
            "GET", "/api/v1/namespaces/default/pods", query: [("fieldSelector", "metadata.name=ticker")])
        #expect(list.body.at("metadata", "resourceVersion")?.string == String(listVersion))
        var fresh = try await client.watch(
            "/api/v1/namespaces/default/pods",
            query: [("fieldSelector", "metadata.name=ticker"), ("resourceVersion", String(listVersion))])
        _ = try await client.call("DELETE", "/api/v1/namespaces/default/pods/ticker")
        #expect(try await fresh.nextEvent()["type"] == "MODIFIED", "the watch from the list's version works")
        await fresh.close()
    }

    @Test func compactedHistoryCanAnswerWithAPlainGone() async throws {
        let seen = try await runningTicker()
        simulator.compactHistory(answering: .httpStatus)
        let gone = try await client.call(
            "GET", "/api/v1/namespaces/default/pods",
            query: [("watch", "true"), ("fieldSelector", "metadata.name=ticker"), ("resourceVersion", String(seen))])
        #expect(gone.status == 410)
        #expect(gone.body["reason"] == "Expired")
        #expect(simulator.requests.last?.status == 410)
    }

    @Test func streamsOnlyFailuresSpareShortCalls() async throws {
        _ = try await runningTicker()
        simulator.inject(KubernetesInjectedFailure(status: 503, streamsOnly: true, count: .max))
        #expect(try await client.call("GET", "/api/v1/namespaces/default/pods/ticker").status == 200)
        let watch = await client.send("GET", "/api/v1/namespaces/default/pods", query: [("watch", "true")])
        #expect(watch.status == 503)
        let follow = await client.send("GET", "/api/v1/namespaces/default/pods/ticker/log", query: [("follow", "1")])
        #expect(follow.status == 503)
        simulator.clearInjectedFailures()
        var lines = try await client.watch("/api/v1/namespaces/default/pods", query: [])
        #expect(try await lines.nextEvent()["type"] == "ADDED")
        await lines.close()
    }

    @Test func cutStreamsEndWithHalfALineAndACut() async throws {
        _ = try await runningTicker()
        let response = await client.send(
            "GET", "/api/v1/namespaces/default/pods/ticker/log", query: [("follow", "true"), ("timestamps", "true")])
        guard case .stream(let stream) = response.body else { throw KubernetesTestError(description: "not streaming") }
        var log = KubernetesLines(stream: stream)
        clock.advance(by: 1)
        #expect(try await log.next()?.hasSuffix(" tick") == true)
        #expect(simulator.cutStreams(.reset) == 1)
        let fragment = try #require(try await log.next())
        #expect(fragment.hasSuffix(KubernetesSimulator.cutLogFragment))
        #expect(try await log.next() == nil)
        #expect(response.cut?.mode == .reset)
        #expect(simulator.openStreamCount == 0)
    }

    @Test func slowBodiesArriveInSmallPiecesOnTheClock() async throws {
        _ = try await runningTicker()
        let whole = try await client.call("GET", "/api/v1/namespaces/default/pods/ticker")
        simulator.slowDown(KubernetesSlowBody(pathSuffix: "/pods/ticker", chunkBytes: 5, interval: .seconds(2)))
        let slow = await client.send("GET", "/api/v1/namespaces/default/pods/ticker")
        guard case .stream(let stream) = slow.body else { throw KubernetesTestError(description: "not slowed") }
        let collector = Task {
            var pieces: [[UInt8]] = []
            for await piece in stream { pieces.append(piece) }
            return pieces
        }
        let expected = (whole.body.encoded().count + 4) / 5
        clock.advance(by: Double(expected) * 2)  // every piece and the end are timers: all due now
        let pieces = await collector.value
        #expect(pieces.allSatisfy { $0.count <= 5 })
        #expect(SandboxJSON.decode(pieces.flatMap { $0 }) == whole.body)
        #expect(try await client.call("GET", "/api/v1/namespaces/default/pods/ticker").status == 200, "used up")
    }

    @Test func basicCredentialsAreAcceptedWhenConfigured() async throws {
        let basic = KubernetesBasicAuth(username: "admin", password: "s3cr3t-basic")
        let secured = KubernetesSimulator(configuration: KubernetesSimulatorConfiguration(
            bearerToken: "the-token", basicAuth: basic))
        defer { secured.shutdown() }
        func status(_ authorization: String) async -> Int {
            await secured.handle(SandboxHTTPRequest(
                method: "GET", path: "/api/v1/namespaces/default/pods", query: [],
                headers: [("Authorization", authorization)], body: [])).status
        }
        #expect(await status("Basic \(basic.headerValue)") == 200)
        #expect(await status("Bearer the-token") == 200)
        let wrong = KubernetesBasicAuth(username: "admin", password: "nope").headerValue
        #expect(await status("Basic \(wrong)") == 401)
    }

    /// curl's exit status: 18 `transfer closed with outstanding read data remaining`; a reset reaches it as 56 (recv
    /// failure) or, when the TLS layer's `close_notify` goes out first, as 18 too.
    @Test(arguments: [(SandboxStreamCut.Mode.close, [Int32(18)]), (.reset, [18, 56])])
    func aCutOverTheWireIsATransferErrorForCurl(mode: SandboxStreamCut.Mode, curlStatus: [Int32]) async throws {
        let clock = KubernetesManualClock()
        var configuration = KubernetesSimulatorConfiguration(bearerToken: KubernetesClusterFixture.token, tick: .seconds(1))
        configuration.behaviors["test/ticker"] = .runUntilDeleted(line: "tick", everyTicks: 1)
        try await KubernetesClusterFixture.with(configuration: configuration, clock: clock) { cluster in
            let client = KubernetesClient(simulator: cluster.simulator, token: KubernetesClusterFixture.token)
            try await client.createPod("ticker", image: "test/ticker")
            try await client.advance(clock, "ticker") { $0.phase == "Running" }
            async let answer = cluster.curl("/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dticker")
            try await client.waitForWatchers(atLeast: 1)
            #expect(cluster.simulator.cutStreams(mode) == 1)
            let result = try await answer
            #expect(curlStatus.contains(result.status), "\(result.stderr)")
            if mode == .close { #expect(result.stderr.contains("transfer closed with outstanding read data remaining")) }
            #expect(result.stdout.contains(#""type":"ADDED""#))
        }
    }
}
