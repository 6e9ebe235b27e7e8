import Foundation
import Testing
import Updraft
import UpdraftTesting

/// The engine on every store: a run left behind by a dead process resumes where it stopped, one process owns a run
/// at a time, and a process that lost its lease stops without writing.
@Suite struct EngineDurabilityTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// extract >> [pod, http, flaky] >> report, each body recorded with its try number.
    static func crashedDAG(_ bodies: CallRecorder<String>) throws -> DAG {
        try DAG("crashed") { dag in
            let extract = dag.task("extract") { _ in
                bodies.record("extract")
                return "rows"
            }
            let pod = dag.task("pod") { context in
                bodies.record("pod:\(context.tryNumber):\(context.interruptedWork?.id ?? "none")")
                return try await context.xcom.pull(String.self, from: "extract") ?? "missing"
            }
            let http = dag.task("http", options: TaskOptions(retries: 1)) { context in
                bodies.record("http:\(context.tryNumber):\(context.interruptedWork?.id ?? "none")")
            }
            let flaky = dag.task("flaky", options: TaskOptions(retries: 2, retryDelay: .seconds(60))) { context in
                bodies.record("flaky:\(context.tryNumber)@\(Int(context.clock.now().timeIntervalSince(t0)))")
            }
            let report = dag.task("report") { context in
                bodies.record("report")
                bodies.record("\(context.ds) \(context.tsNodash) \(context.runType.rawValue) \(context.params["region"] == "eu" ? "eu" : "lost")")
            }
            extract >> [pod, http, flaky]
            [pod, http, flaky] >> report
        }
    }

    /// What a process killed mid-run leaves in the store: extract done, the pod task running with its pod recorded,
    /// the HTTP task running with nothing recorded, the flaky task waiting for its retry, its lease still held.
    static func leaveCrashedRun(in store: any RunStore) async throws {
        try await store.createRun(DAGRunRecord(dagID: "crashed", runID: "r", logicalDate: t0, state: .running,
                                               startDate: t0, params: ["region": "eu"], runType: .scheduled))
        func instance(_ taskID: String, _ state: TaskInstanceState, tries: Int, maxTries: Int,
                      lastEnd: Date? = nil) -> TaskInstanceRecord {
            var record = TaskInstanceRecord(taskID: taskID, state: state, tryNumber: tries, maxTries: maxTries)
            if tries > 0 {
                record.startDate = t0
                record.tries = [TryRecord(tryNumber: 1, startDate: t0.addingTimeInterval(1), endDate: lastEnd,
                                          state: state, hostname: "dead-host")]
            }
            return record
        }
        try await store.saveTaskInstances([
            instance("extract", .success, tries: 1, maxTries: 1, lastEnd: t0.addingTimeInterval(2)),
            instance("pod", .running, tries: 1, maxTries: 1),
            instance("http", .running, tries: 1, maxTries: 2),
            instance("flaky", .upForRetry, tries: 1, maxTries: 3, lastEnd: t0.addingTimeInterval(10)),
            instance("report", .pending, tries: 0, maxTries: 1),
        ], dagID: "crashed", runID: "r")
        try await store.setXCom("rows", key: "return_value", taskID: "extract", dagID: "crashed", runID: "r")
        try await store.recordExternalHandle(
            ExternalHandle(kind: "kubernetes-pod", id: "pod-abc", attributes: ["namespace": "etl"], recordedAt: t0),
            taskID: "pod", tryNumber: 1, dagID: "crashed", runID: "r")
        try await store.acquireLease(RunLease(ownerID: "dead", hostname: "node-7", pid: 999,
                                              expiresAt: t0.addingTimeInterval(30)),
                                     dagID: "crashed", runID: "r", now: t0)
        try await store.sync()
    }

    static func engine(_ store: any RunStore, clock: ManualClock) -> Engine {
        Engine(configuration: Engine.Configuration(clock: clock, store: store, hostname: "new-host",
                                                   leaseDuration: .seconds(30)))
    }

    @Test(arguments: StoreKind.allCases)
    func aCrashedRunResumesWhereItStopped(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: store)
        let bodies = CallRecorder<String>()
        let clock = ManualClock(now: Self.t0.addingTimeInterval(40), autoAdvance: true)
        let result = try await Self.engine(store, clock: clock).run(try Self.crashedDAG(bodies), runID: "r",
                                                                    resume: true)
        #expect(result.state == .success)
        let calls = bodies.all
        #expect(!calls.contains("extract"), "a task that succeeded never runs again")
        #expect(calls.contains("pod:1:pod-abc"), "the running pod task is the same try, handed its pod: \(calls)")
        #expect(calls.contains("http:2:none"), "an interrupted try without a handle failed; the retry is try 2")
        #expect(calls.contains("flaky:2@70"), "the retry waits what remained of its delay (due at 10 + 60 s)")
        #expect(calls.suffix(2) == ["report", "2027-01-15 20270115T080000 scheduled eu"],
                "the stored run's logical date, type and params: \(calls)")
        #expect(calls.count == 5)
        #expect(result.run.logicalDate == Self.t0 && result.run.runType == .scheduled)
        let stored = try await store.taskInstances(dagID: "crashed", runID: "r")
        let http = try #require(stored.first { $0.taskID == "http" })
        #expect(http.tries.map(\.state) == [.failed, .success])
        #expect(http.tries.first?.error?.contains("interrupted") == true)
        let pod = try #require(stored.first { $0.taskID == "pod" })
        #expect(pod.tries.map(\.tryNumber) == [1] && pod.state == .success)
        #expect(try await store.xcom(key: "return_value", taskID: "pod", dagID: "crashed", runID: "r") == "rows")
        #expect(try await store.lease(dagID: "crashed", runID: "r") == nil, "the lease is released at the end")
    }

    @Test(arguments: StoreKind.allCases)
    func anInterruptedTryWithoutRetriesLeftFailsTheTask(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: store)
        // The HTTP task's retry is used up: its interrupted try was its last.
        var http = TaskInstanceRecord(taskID: "http", state: .running, tryNumber: 2, maxTries: 2)
        http.tries = [TryRecord(tryNumber: 1, startDate: Self.t0, endDate: Self.t0, state: .upForRetry),
                      TryRecord(tryNumber: 2, startDate: Self.t0, state: .running)]
        try await store.saveTaskInstance(http, dagID: "crashed", runID: "r")
        let bodies = CallRecorder<String>()
        let clock = ManualClock(now: Self.t0.addingTimeInterval(40), autoAdvance: true)
        let result = try await Self.engine(store, clock: clock).run(try Self.crashedDAG(bodies), runID: "r",
                                                                    resume: true)
        #expect(result.state == .failed)
        #expect(result.taskStates["http"] == .failed)
        #expect(result.taskStates["report"] == .upstreamFailed)
        #expect(!bodies.all.contains { $0.hasPrefix("http") })
    }

    @Test(arguments: StoreKind.allCases)
    func aLiveOwnerIsRefusedByNameAndALapsedOneTakenOver(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: store)
        let bodies = CallRecorder<String>()
        let early = ManualClock(now: Self.t0.addingTimeInterval(10), autoAdvance: true)
        let refused = await #expect(throws: EngineError.self) {
            try await Self.engine(store, clock: early).run(try Self.crashedDAG(bodies), runID: "r", resume: true)
        }
        #expect(refused?.reason == .runOwned)
        #expect(refused?.message.contains("pid 999 on host node-7") == true, "\(refused?.message ?? "")")
        #expect(bodies.all.isEmpty, "nothing ran")
        let late = ManualClock(now: Self.t0.addingTimeInterval(30), autoAdvance: true)
        let result = try await Self.engine(store, clock: late).run(try Self.crashedDAG(bodies), runID: "r",
                                                                   resume: true)
        #expect(result.state == .success)
    }

    @Test(arguments: StoreKind.allCases)
    func aDeadOwnerOnThisHostIsTakenOverWithoutWaitingForItsLease(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: store)
        // A process of this host that has exited (and been reaped) owns the run, its lease still live.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        try await store.acquireLease(RunLease(ownerID: "killed", hostname: "new-host", pid: finished.processIdentifier,
                                              expiresAt: Self.t0.addingTimeInterval(600)),
                                     dagID: "crashed", runID: "r", now: Self.t0.addingTimeInterval(40))
        let clock = ManualClock(now: Self.t0.addingTimeInterval(41), autoAdvance: true)
        let result = try await Self.engine(store, clock: clock).run(try Self.crashedDAG(CallRecorder()), runID: "r",
                                                                    resume: true)
        #expect(result.state == .success)
    }

    @Test(arguments: StoreKind.allCases)
    func aProcessThatLostItsLeaseStopsWithoutWriting(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let clock = ManualClock(now: Self.t0)
        let started = AsyncGate()
        let dag = try DAG("owned") { dag in
            dag.task("long") { context in
                await started.open()
                try await context.clock.sleep(for: .hours(1))
            }
        }
        let engine = Self.engine(store, clock: clock)
        let run = Task { try await engine.run(dag, runID: "r") }
        await started.wait()
        await clock.waitForSleepers(2)  // the task's hour and the heartbeat's timer
        // Another process takes the run over once this one's lease has lapsed (say it was stalled).
        let lease = try #require(try await store.lease(dagID: "owned", runID: "r"))
        #expect(lease.hostname == "new-host" && lease.pid == ProcessInfo.processInfo.processIdentifier)
        try await store.acquireLease(RunLease(ownerID: "other", hostname: "node-9", pid: 7,
                                              expiresAt: Self.t0.addingTimeInterval(600)),
                                     dagID: "owned", runID: "r", now: lease.expiresAt)
        try await store.sync()
        // The heartbeat's next renewal learns it.
        clock.advance(by: .seconds(10))
        let result = try await run.value
        #expect(result.run.note?.contains("taken over") == true, "\(result.run.note ?? "")")
        let stored = try await store.taskInstances(dagID: "owned", runID: "r")
        #expect(stored.first?.state == .running, "the new owner's run is left as it was")
        #expect(try await store.run(dagID: "owned", runID: "r")?.state == .running)
        #expect(try await store.lease(dagID: "owned", runID: "r")?.ownerID == "other")
    }
}

/// Opened once by one task, awaited by another.
private actor AsyncGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
