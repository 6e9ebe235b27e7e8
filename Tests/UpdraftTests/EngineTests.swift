import Foundation
import Logging
import Synchronization
import Testing
import Updraft
import UpdraftTesting

@Suite struct EngineTests {
    @Test func runsInDependencyOrderAndPassesXCom() async throws {
        let order = CallRecorder<String>()
        let dag = try DAG("xcom") { dag in
            let extract = dag.task("extract") { _ in order.record("extract"); return [3, 4, 5] }
            let double = dag.task("double") { ctx in
                order.record("double")
                return (try await ctx.xcom.pull([Int].self, from: "extract") ?? []).map { $0 * 2 }
            }
            let total = dag.task("total") { ctx in
                order.record("total")
                return (try await ctx.xcom.pull([Int].self, from: "double") ?? []).reduce(0, +)
            }
            extract >>> double >>> total
        }
        let result = try await dag.test()
        #expect(result.state == .success)
        #expect(order.all == ["extract", "double", "total"])
        #expect(try await result.xcom(Int.self, from: "total") == 24)
        #expect(result.taskInstances.map(\.taskID) == ["extract", "double", "total"], "the DAG's order")
        #expect(result.taskInstances["double"]?.state == .success)
        #expect(result.taskInstances["nope"] == nil)
    }

    @Test func taskInstanceTablesKeepTheirOrderAndTheFirstOfAnID() {
        let table = TaskInstanceTable([
            TaskInstanceRecord(taskID: "b", state: .success), TaskInstanceRecord(taskID: "a", state: .failed),
            TaskInstanceRecord(taskID: "b", state: .skipped),
        ])
        #expect(table.map(\.taskID) == ["b", "a", "b"])
        #expect(table["b"]?.state == .success && table["a"]?.state == .failed && table["c"] == nil)
    }

    @Test func observersSeeEveryRunAndOutliveIt() async throws {
        let seen = CallRecorder<String>()
        let finished = CallRecorder<String>()
        let observer = RunEventSink(deliver: { event in
            if case .task(let taskID, let state, _) = event.change {
                seen.record("\(event.runID) \(taskID) \(state)")
            }
        }, finish: { finished.record("observer") })
        let engine = Engine(configuration: Engine.Configuration(observers: [observer]))
        let dag = try DAG("observed") { dag in
            let first = dag.task("a", EmptyOperator())
            let second = dag.task("b", EmptyOperator())
            first >> second
        }
        _ = try await engine.run(dag, runID: "one")
        let (events, sink) = RunEventSink.makeStream()
        async let second = engine.run(dag, runID: "two", events: sink)
        var ownEvents = 0
        for await _ in events { ownEvents += 1 }  // ends: the run's own sink is still finished
        #expect(try await second.state == .success)
        #expect(ownEvents > 0)
        #expect(seen.all.filter { $0.hasSuffix("b success") } == ["one b success", "two b success"])
        #expect(finished.all.isEmpty)
    }

    @Test func parallelismIsBoundedByMaxActiveTasks() async throws {
        let gauge = Gauge()
        let kills = CallRecorder<String>()
        let dag = try DAG("fan", maxActiveTasks: 3) { dag in
            let start = dag.task("start", EmptyOperator())
            let workers = (1...10).map { dag.task("w\($0)", SleepingOperator(duration: .seconds(1), kills: kills, gauge: gauge)) }
            start >> workers
        }
        let result = try await dag.test()
        #expect(result.state == .success)
        #expect(gauge.total == 10)
        #expect(gauge.peak == 3)
    }

    @Test func poolsLimitConcurrencyAcrossTasks() async throws {
        let gauge = Gauge()
        let kills = CallRecorder<String>()
        let dag = try DAG("pooled") { dag in
            for index in 1...4 {
                dag.task("k\(index)", SleepingOperator(duration: .seconds(1), kills: kills, gauge: gauge),
                         options: TaskOptions(pool: "k8s"))
            }
        }
        let result = try await dag.test(pools: Pools(["k8s": 2]))
        #expect(result.state == .success)
        #expect(gauge.peak == 2)
        await #expect(throws: EngineError.self) { try await dag.test(pools: Pools([:])) }
    }

    @Test func higherPriorityRunsFirst() async throws {
        let order = CallRecorder<String>()
        let dag = try DAG("prio", maxActiveTasks: 1) { dag in
            for (id, weight) in [("low", 1), ("high", 10), ("mid", 5)] {
                dag.task(id, options: TaskOptions(priorityWeight: weight)) { ctx in order.record(ctx.taskID) }
            }
        }
        _ = try await dag.test()
        #expect(order.all == ["high", "mid", "low"])
    }

    // Ten minutes of retry delays: without the manual clock skipping them, the time limit ends the test.
    @Test(.timeLimit(.minutes(1))) func retriesWaitOnTheClockWithoutWallTime() async throws {
        let attempts = Gauge()
        let retries = CallRecorder<String>()
        let clock = ManualClock(autoAdvance: true)
        let started = clock.now()
        let dag = try DAG("retry") { dag in
            dag.task("flaky", options: TaskOptions(
                retries: 2, retryDelay: .minutes(5),
                onRetryCallback: { ctx in retries.record(ctx.failure ?? "") }
            )) { ctx in
                attempts.enter()
                attempts.leave()
                if ctx.tryNumber < 3 { throw Boom() }
                return "ok on try \(ctx.tryNumber)"
            }
        }
        let result = try await dag.test(clock: clock)
        #expect(result.state == .success)
        let instance = try #require(result.taskInstances["flaky"])
        #expect(instance.tryNumber == 3)
        #expect(instance.tries.map(\.state) == [.upForRetry, .upForRetry, .success])
        #expect(retries.all == ["boom", "boom"])
        #expect(clock.now().timeIntervalSince(started) >= 600)
        #expect(try await result.xcom(String.self, from: "flaky") == "ok on try 3")
    }

    @Test func failWithoutRetrySkipsRemainingRetries() async throws {
        let dag = try DAG("fail_fast_task") { dag in
            dag.task("t", options: TaskOptions(retries: 5)) { _ -> Int in throw FailWithoutRetry("bad input") }
        }
        let result = try await dag.test()
        #expect(result.state(of: "t") == .failed)
        #expect(result.taskInstances["t"]?.tryNumber == 1)
        #expect(result.taskInstances["t"]?.error == "bad input")
        #expect(result.state == .failed)
    }

    @Test func failuresPropagateByTriggerRulesAndLeavesDecideTheRun() async throws {
        let dag = try DAG("propagate") { dag in
            let bad = dag.task("bad") { _ -> Int in throw Boom() }
            let after = dag.task("after", EmptyOperator())
            let later = dag.task("later", EmptyOperator())
            let cleanup = dag.task("cleanup", EmptyOperator(), options: TaskOptions(triggerRule: .allDone))
            let onFailure = dag.task("on_failure", EmptyOperator(), options: TaskOptions(triggerRule: .oneFailed))
            bad >>> after >>> later >>> cleanup
            bad >> onFailure
        }
        let result = try await dag.test()
        #expect(result.taskStates == ["bad": .failed, "after": .upstreamFailed, "later": .upstreamFailed,
                                    "cleanup": .success, "on_failure": .success])
        #expect(result.state == .success)  // leaves `cleanup` and `on_failure` succeeded, as in Airflow
    }

    @Test func skipPropagatesAndCallsOnSkipped() async throws {
        let skipped = CallRecorder<String>()
        let dag = try DAG("skip") { dag in
            let gate = dag.task("gate", options: TaskOptions(onSkippedCallback: { ctx in skipped.record(ctx.taskID) })) {
                _ -> Int in throw SkipTask("nothing to do today")
            }
            let next = dag.task("next", EmptyOperator())
            let joined = dag.task("joined", EmptyOperator(), options: TaskOptions(triggerRule: .noneFailed))
            gate >>> next >>> joined
        }
        let result = try await dag.test()
        // none_failed runs when every upstream succeeded or was skipped, as in Airflow.
        #expect(result.taskStates == ["gate": .skipped, "next": .skipped, "joined": .success])
        #expect(skipped.all == ["gate"])
        #expect(result.state == .success)
    }

    @Test func branchSkipsTheTasksNotChosen() async throws {
        let dag = try DAG("branch", params: ["full": false]) { dag in
            let pick = dag.task("pick", BranchOperator { ctx in
                ctx.params["full"]?.boolValue == true ? ["full_load"] : ["incremental_load"]
            })
            let full = dag.task("full_load", EmptyOperator())
            let incremental = dag.task("incremental_load", EmptyOperator())
            let report = dag.task("report", EmptyOperator(), options: TaskOptions(triggerRule: .noneFailedMinOneSuccess))
            pick >> [full, incremental]
            [full, incremental] >> report
        }
        let result = try await dag.test()
        #expect(result.taskStates == ["pick": .success, "full_load": .skipped, "incremental_load": .success,
                                    "report": .success])
        let full = try await dag.test(params: ["full": true])
        #expect(full.state(of: "full_load") == .success && full.state(of: "incremental_load") == .skipped)
    }

    @Test func executionTimeoutCancelsKillsAndRetries() async throws {
        let kills = CallRecorder<String>()
        let dag = try DAG("timeout") { dag in
            dag.task("slow", SleepingOperator(duration: .minutes(60), kills: kills),
                     options: TaskOptions(retries: 1, retryDelay: .seconds(30), executionTimeout: .seconds(10)))
        }
        let result = try await dag.test()
        let instance = try #require(result.taskInstances["slow"])
        #expect(instance.state == .failed)
        #expect(instance.tries.map(\.state) == [.upForRetry, .failed])
        #expect(instance.error?.contains("timed out after 10 s") == true)
        #expect(kills.all == ["slow", "slow"])
    }

    @Test func triesStartedImmediatelyStillRunInParallelAndTimeOut() async throws {
        let gauge = Gauge()
        let kills = CallRecorder<String>()
        let dag = try DAG("immediate", maxActiveTasks: 4) { dag in
            for index in 1...3 {
                dag.task("nap\(index)", ImmediateSleepingOperator(
                    sleeping: SleepingOperator(duration: .seconds(1), kills: kills, gauge: gauge)))
            }
            dag.task("stuck", ImmediateSleepingOperator(
                sleeping: SleepingOperator(duration: .hours(1), kills: kills, gauge: gauge)),
                     options: TaskOptions(executionTimeout: .seconds(10)))
        }
        let result = try await dag.test()
        #expect(gauge.peak == 4, "a try that suspends frees the engine for the next one")
        #expect(result.taskStates == ["nap1": .success, "nap2": .success, "nap3": .success, "stuck": .failed])
        #expect(result.taskInstances["stuck"]?.error?.contains("timed out after 10 s") == true)
        #expect(kills.all == ["stuck"])
    }

    @Test func cancellingTheRunCleansUpBeforeReturning() async throws {
        let kills = CallRecorder<String>()
        let clock = ManualClock()  // no auto-advance: the task sleeps until cancelled
        let dag = try DAG("cancel") { dag in
            let long = dag.task("long", SleepingOperator(duration: .hours(10), kills: kills))
            long >> dag.task("after", EmptyOperator())
        }
        let run = Task { try await dag.test(clock: clock) }
        await clock.waitForSleepers(1)
        run.cancel()
        let result = try await run.value
        #expect(kills.all == ["long"])  // onKill finished before run returned
        #expect(result.state == .failed)
        #expect(result.run.note == "the run was cancelled")
        #expect(result.state(of: "long") == .failed)
        #expect(result.state(of: "after") == .pending)
    }

    @Test func failFastStopsRunningTasksAndSkipsTheRest() async throws {
        let kills = CallRecorder<String>()
        let dag = try DAG("failfast", failFast: true) { dag in
            let slow = dag.task("slow", SleepingOperator(duration: .hours(1), kills: kills))
            dag.task("bad", options: TaskOptions(retries: 0)) { _ -> Int in throw Boom() }
            slow >> dag.task("after_slow", EmptyOperator())
        }
        let result = try await dag.test()
        #expect(result.taskStates == ["slow": .failed, "bad": .failed, "after_slow": .skipped])
        #expect(kills.all == ["slow"])
        #expect(result.run.note == "failFast: task 'bad' failed")
    }

    @Test func dagrunTimeoutFailsTheRunAndSkipsRunningTasks() async throws {
        let kills = CallRecorder<String>()
        let dag = try DAG("dagrun_timeout", dagrunTimeout: .minutes(30)) { dag in
            let slow = dag.task("slow", SleepingOperator(duration: .hours(2), kills: kills))
            slow >> dag.task("next", EmptyOperator())
        }
        let result = try await dag.test()
        #expect(result.state == .failed)
        #expect(result.taskStates == ["slow": .skipped, "next": .skipped])
        #expect(result.run.note == "the run exceeded its dagrunTimeout")
        #expect(kills.all == ["slow"])
    }

    @Test func resumingRerunsOnlyUnfinishedTasks() async throws {
        let runs = CallRecorder<String>()
        let kills = CallRecorder<String>()
        let store = InMemoryRunStore()
        let clock = ManualClock()
        let dag = try DAG("resume") { dag in
            let first = dag.task("first") { ctx in runs.record(ctx.taskID); return 42 }
            let blocker = dag.task("blocker", SleepingOperator(duration: .hours(1), kills: kills))
            let last = dag.task("last") { ctx in
                runs.record(ctx.taskID)
                return try await ctx.xcom.pull(Int.self, from: "first")
            }
            first >>> blocker >>> last
        }
        let interrupted = Task { try await dag.test(clock: clock, store: store, runID: "run-1") }
        await clock.waitForSleepers(1)
        interrupted.cancel()
        #expect(try await interrupted.value.state == .failed)
        // Every task instance was stored from the run's start, the one never started too (as Airflow creates them).
        let stored = try await store.taskInstances(dagID: "resume", runID: "run-1")
        #expect(stored.map(\.taskID) == ["blocker", "first", "last"])
        #expect(stored.map(\.state) == [.failed, .success, .pending])
        let engine = Engine(configuration: Engine.Configuration(clock: ManualClock(autoAdvance: true), store: store))
        let resumed = try await engine.run(dag, runID: "run-1", resume: true)
        #expect(resumed.state == .success)
        #expect(runs.all == ["first", "last"])
        #expect(resumed.taskInstances["blocker"]?.tryNumber == 2)
        #expect(try await resumed.xcom(Int.self, from: "last") == 42)
    }

    @Test func dependsOnPastBlocksAfterAFailedPreviousRun() async throws {
        let store = InMemoryRunStore()
        let shouldFail = Mutex(true)
        let dag = try DAG("past") { dag in
            dag.task("t", options: TaskOptions(dependsOnPast: true)) { _ -> Int in
                if shouldFail.withLock({ $0 }) { throw Boom() }
                return 1
            }
        }
        let clock = ManualClock(autoAdvance: true)
        let first = try await dag.test(logicalDate: clock.now(), clock: clock, store: store, runID: "day1")
        #expect(first.state == .failed)
        shouldFail.withLock { $0 = false }
        let second = try await dag.test(logicalDate: clock.now().addingTimeInterval(86_400), clock: clock,
                                        store: store, runID: "day2")
        #expect(second.state(of: "t") == .pending)
        #expect(second.state == .failed)
        #expect(second.run.note?.contains("dependsOnPast") == true)
    }

    @Test func eventsArriveInOrderAndTheStreamFinishes() async throws {
        let dag = try DAG("events") { dag in
            dag.task("a", EmptyOperator()) >> dag.task("b", EmptyOperator())
        }
        let (events, sink) = RunEventSink.makeStream()
        async let result = dag.test(events: sink)
        var changes: [String] = []
        for await event in events {
            switch event.change {
            case .run(let state): changes.append("run:\(state.rawValue)")
            case .task(let id, let state, _): changes.append("\(id):\(state.rawValue)")
            }
        }
        #expect(try await result.state == .success)
        #expect(changes == ["run:running", "a:scheduled", "a:queued", "a:running", "a:success", "b:scheduled",
                            "b:queued", "b:running", "b:success", "run:success"])
    }

    @Test func logsAreCapturedPerTryAndMasked() async throws {
        let dag = try DAG("logs") { dag in
            dag.task("talk", options: TaskOptions(retries: 1, retryDelay: .seconds(1))) { ctx in
                let conn = try ctx.hooks.connection("api")
                ctx.logger.info("try \(ctx.tryNumber) with password \(conn.password ?? "")")
                if ctx.tryNumber == 1 { throw Boom() }
                return 1
            }
        }
        let conn = GenericConnection(connID: "api", connType: "http", host: "h", password: "s3cr3t-pw")
        let result = try await dag.test(connections: [conn])
        let first = result.logLines(of: "talk", tryNumber: 1).map(\.message)
        let second = result.logLines(of: "talk", tryNumber: 2).map(\.message)
        #expect(first.contains("try 1 with password ***"))
        #expect(first.contains { $0.contains("failed: boom") })
        #expect(second == ["try 2 with password ***"])
        #expect(!result.logLines(of: "talk").contains { $0.message.contains("s3cr3t-pw") })
    }

    @Test func aHookWithoutAMockFailsLoudlyInTests() async throws {
        struct NeedsHook: Operator {
            func execute(context: TaskContext) async throws -> JSONValue? {
                _ = try context.hooks.hook((any AlertHook).self, connID: "smtp_default") { _ in RecordingAlertHook() }
                return nil
            }
        }
        let dag = try DAG("hooks") { dag in dag.task("mail", NeedsHook()) }
        let result = try await dag.test()
        let error = try #require(result.taskInstances["mail"]?.error)
        #expect(error.contains("smtp_default") && error.contains("test provided none"))
        let mocked = try await dag.test(hooks: ["smtp_default": RecordingAlertHook()])
        #expect(mocked.state == .success)
    }

    @Test func alertsOnRetryAndFailureNeverChangeTheOutcome() async throws {
        let alertHook = RecordingAlertHook()
        let dag = try DAG("alerts", defaultArgs: TaskOptions(email: "ops@example.com")) { dag in
            dag.task("bad", options: TaskOptions(retries: 1, retryDelay: .seconds(1))) { _ -> Int in throw Boom() }
            dag.task("quiet", options: TaskOptions(emailOnFailure: false)) { _ -> Int in throw Boom() }
        }
        let result = try await dag.test(alertHook: alertHook)
        #expect(result.state(of: "bad") == .failed)
        #expect(alertHook.alerts.all.map { "\($0.taskID):\($0.kind.rawValue):\($0.tryNumber)/\($0.maxTries)" }
                == ["bad:retry:1/2", "bad:failure:2/2"])
        #expect(alertHook.alerts.all.allSatisfy { $0.recipients.addresses == ["ops@example.com"] && $0.error == "boom" })
    }

    @Test func dagCallbacksReceiveTheResult() async throws {
        let seen = CallRecorder<DAGRunState>()
        let dag = try DAG("callbacks", onSuccessCallback: { seen.record($0.state) },
                          onFailureCallback: { seen.record($0.state) }) { dag in dag.task("t", EmptyOperator()) }
        _ = try await dag.test()
        #expect(seen.all == [.success])
    }
}
