import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// The operator against the simulated cluster while the simulator injects network faults into the watch and the
/// log stream: the task must succeed, print every line once, and delete the pod once, at the end.
@Suite struct PodStreamFaultTests {
    private static func run(_ stepped: SteppedPod, clock: ManualClock = ManualClock(), masker: SecretMasker = SecretMasker())
        throws -> Task<JSONValue?, any Error>
    {
        let context = try stepped.cluster.context(clock: clock, logs: stepped.logs, masker: masker)
        return Task { try await KubernetesPodOperator(image: "sim/counter", name: "counter").execute(context: context) }
    }

    /// The checks every faulted run ends with: success, every line once and in order, one DELETE after success,
    /// no pod left.
    private static func expectCleanEnd(_ stepped: SteppedPod, _ run: Task<JSONValue?, any Error>) async throws {
        stepped.runToTheEnd()
        _ = try await run.value
        #expect(stepped.printed == stepped.expected, "\(stepped.taskLog)")
        let deletes = stepped.cluster.operatorRequests.filter { $0.method == "DELETE" }
        #expect(deletes.count == 1)
        #expect(stepped.cluster.operatorRequests.last?.method == "DELETE")
        let log = stepped.taskLog
        if let succeeded = log.range(of: "succeeded"), let deleted = log.range(of: "deleted pod") {
            #expect(succeeded.lowerBound < deleted.lowerBound, "pod … succeeded is logged before deleted pod …")
        } else {
            Issue.record("missing outcome lines: \(log)")
        }
        try await stepped.cluster.waitUntil { try await stepped.cluster.podNames().isEmpty }
    }

    @Test(arguments: [KubernetesWatchExpiry.errorEvent, .httpStatus])
    func aCompactedWatchIsListedAfreshAndFollowedToTheEnd(expiry: KubernetesWatchExpiry) async throws {
        try await SteppedPod.with(lines: 12) { stepped in
            let run = try Self.run(stepped)
            try await stepped.startRunning()
            try await stepped.print(3, total: 3)
            // The pod outlives the API server's history, then its watch times out: resuming it gets 410.
            let fresh = stepped.cluster.simulator.compactHistory(answering: expiry)
            stepped.cluster.simulator.interruptWatches()
            try await stepped.cluster.waitUntil {
                stepped.cluster.operatorRequests.contains { $0.isWatch && $0.queryValue("resourceVersion") == String(fresh) }
            }
            let requests = stepped.cluster.operatorRequests
            let watches = requests.indices.filter { requests[$0].isWatch }
            #expect(requests[watches[1]].status == (expiry == .httpStatus ? 410 : 200), "the resumed watch expired")
            let relist = requests[watches[1] + 1]
            #expect(relist.method == "GET" && !relist.isWatch)
            #expect(relist.queryValue("fieldSelector")?.hasPrefix("metadata.name=counter-") == true)
            #expect(!stepped.cluster.operatorRequests.contains { $0.method == "DELETE" }, "the healthy pod lives on")
            try await stepped.print(3, total: 6)
            try await Self.expectCleanEnd(stepped, run)
            #expect(stepped.taskLog.contains("listing it afresh"))
        }
    }

    @Test(arguments: [SandboxStreamCut.Mode.close, .reset])
    func streamsCutMidChunkAreReestablishedWithoutLosingOrRepeatingLines(mode: SandboxStreamCut.Mode) async throws {
        try await SteppedPod.with(lines: 16) { stepped in
            let clock = ManualClock()
            let run = try Self.run(stepped, clock: clock)
            try await stepped.startRunning()
            try await stepped.print(2, total: 2)  // lines 1-2 share a second with lines 3-4
            #expect(stepped.cluster.simulator.cutStreams(mode) == 2)
            try await stepped.cluster.waitUntil { stepped.cluster.simulator.openStreamCount >= 2 }
            let resumed = stepped.requests { $0.path.hasSuffix("/log") }.first { $0.path.hasSuffix("/log") }
            #expect(resumed?.queryValue("sinceTime") != nil, "the log resumes from the last timestamp")
            try await stepped.print(3, total: 5)
            // A second cut before the watch saw any event: the reconnection waits (1 s) on the run's clock.
            #expect(stepped.cluster.simulator.cutStreams(mode) == 2)
            try await stepped.wait(advancing: clock, by: .seconds(1)) {
                stepped.cluster.simulator.openStreamCount >= 2
            }
            try await Self.expectCleanEnd(stepped, run)
            #expect(!stepped.taskLog.contains(KubernetesSimulator.cutLogFragment))
            #expect(stepped.taskLog.contains("was interrupted"))
        }
    }

    @Test func burstsOf429And503WithRetryAfterAreWaitedOutOnTheClock() async throws {
        try await SteppedPod.with(lines: 6) { stepped in
            let clock = ManualClock()
            let simulator = stepped.cluster.simulator
            simulator.inject(KubernetesInjectedFailure(status: 429, retryAfterSeconds: 3, method: "POST"))
            simulator.inject(KubernetesInjectedFailure(status: 503, retryAfterSeconds: 2, method: "POST"))
            let context = try stepped.cluster.context(clock: clock, logs: stepped.logs, hookClock: clock)
            let run = Task { try await KubernetesPodOperator(image: "sim/counter", name: "counter").execute(context: context) }
            let start = clock.now()
            // Creating the pod gets 429, then 503 (the API server's overload answers): each Retry-After is honoured.
            try await stepped.wait(advancing: clock, by: .seconds(1)) { try await !stepped.cluster.podNames().isEmpty }
            #expect(clock.now().timeIntervalSince(start) == 5)
            try await stepped.startRunning()
            // A burst on the streams after a cut: the reconnection rides it out too.
            simulator.inject(KubernetesInjectedFailure(status: 503, retryAfterSeconds: 1, streamsOnly: true, count: 2))
            simulator.cutStreams(.reset)
            try await stepped.wait(advancing: clock, by: .seconds(1)) {
                simulator.openStreamCount >= 2 && simulator.requests.filter { $0.status == 503 }.count == 3
            }
            try await Self.expectCleanEnd(stepped, run)
            #expect(stepped.cluster.operatorRequests.filter { [429, 503].contains($0.status) }.count == 4)
        }
    }

    @Test func aSustainedOutageFailsTheTryAndTheFailedPodIsDeletedOnce() async throws {
        try await SteppedPod.with(lines: 40) { stepped in
            let clock = ManualClock()
            let context = try stepped.cluster.context(
                clock: clock, logs: stepped.logs, retryPolicy: KubernetesRetryPolicy(maximumAttempts: 1))
            let op = KubernetesPodOperator(image: "sim/counter", name: "counter", reconnectTimeout: .seconds(120))
            let run = Task { try await op.execute(context: context) }
            try await stepped.startRunning()
            try await stepped.print(2, total: 2)
            // A proxy now resets every long stream while short calls still work.
            stepped.cluster.simulator.inject(KubernetesInjectedFailure(status: 503, streamsOnly: true, count: .max))
            stepped.cluster.simulator.cutStreams(.reset)
            let start = clock.now()
            try await stepped.wait(advancing: clock, by: .seconds(15)) {
                stepped.cluster.operatorRequests.contains { $0.method == "DELETE" }
            }
            let error = await #expect(throws: KubernetesPodError.self) { try await run.value }
            #expect(error?.kind == .connectionLost)
            #expect(error?.message.contains("120 s") == true)
            #expect(clock.now().timeIntervalSince(start) >= 120)
            #expect(stepped.cluster.operatorRequests.filter { $0.method == "DELETE" }.count == 1)
            stepped.simulatorClock.advance(by: 5)  // the deleted pod's containers stop
            try await stepped.cluster.waitUntil { try await stepped.cluster.podNames().isEmpty }
        }
    }

    @Test func slowBodiesSplitAnywhereAreReassembled() async throws {
        try await SimulatedCluster.with { cluster in
            // Every answer of the run trickles in 3-byte pieces: JSON documents and lines split mid-character.
            for suffix in ["/pods", "/log"] {
                cluster.simulator.slowDown(KubernetesSlowBody(
                    pathSuffix: suffix, chunkBytes: 3, interval: .microseconds(200), count: 10))
            }
            let logs = TaskLogStore()
            let op = KubernetesPodOperator(image: "sim/succeed", envVars: [EnvVar(name: "GREETING", value: "grüße")])
            _ = try await op.execute(context: try cluster.context(logs: logs))
            let printed = logs.lines(taskID: "talend").map(\.message).filter { $0.hasPrefix("[base] ") }
            #expect(printed == ["[base] starting job", "[base] processing 3 records", "[base] job finished"])
            #expect(cluster.operatorRequests.filter { $0.method == "DELETE" }.count == 1)
        }
    }
}
