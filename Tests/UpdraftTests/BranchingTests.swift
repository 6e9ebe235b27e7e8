import Foundation
import Testing
import Updraft
import UpdraftTesting

/// Branching as Airflow 3 does it. Every row's expected states come from Airflow 3's code:
/// - `task-sdk/src/airflow/sdk/bases/skipmixin.py`, `SkipMixin.skip_all_except`: the tasks followed are the ids
///   chosen plus everything downstream of them (`get_flat_relative_ids(upstream=False)`); every other *direct*
///   downstream task is skipped; an id that is not a task of the DAG raises `AirflowException` (the branch fails);
///   `None` or `[]` skips every direct downstream task.
/// - `airflow-core/src/airflow/api_fastapi/execution_api/routes/task_instances.py`, `ti_skip_downstream`: the skip
///   is an `UPDATE … SET state='skipped'` on those tasks unless they are `running`, `success` or `failed`
///   (`skippable_state_clause`, apache/airflow#59378): `none`, `scheduled`, `queued`, `up_for_retry` and
///   `upstream_failed` all become `skipped`.
/// - `airflow-core/src/airflow/ti_deps/deps/trigger_rule_dep.py`: what downstream tasks then do (all_success:
///   skipped when an upstream is skipped, upstream_failed when one failed).
@Suite struct BranchingTests {
    typealias Spec = BranchingCase.TaskSpec

    static let cases: [BranchingCase] = [
        // skip_all_except: `join` is downstream of the chosen `a`, so it is followed, not skipped.
        BranchingCase(
            name: "classic join: the join below the chosen task runs",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "join", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("a", "join"), ("branch", "join")],
            expected: ["branch": .success, "a": .success, "b": .skipped, "join": .success], runState: .success),
        // skip_all_except: `join` is a direct downstream task not below `b`: skipped with `a`.
        BranchingCase(
            name: "classic join: the join is skipped when the other side is chosen",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["b"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "join", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("a", "join"), ("branch", "join")],
            expected: ["branch": .success, "a": .skipped, "b": .success, "join": .skipped], runState: .success),
        // get_flat_relative_ids walks every depth: `join` two levels below `a` is followed.
        BranchingCase(
            name: "a join several levels below the chosen task runs",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "a2", work: .succeed(after: 0)),
                           Spec(id: "b", work: .succeed(after: 0)), Spec(id: "join", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("a", "a2"), ("a2", "join"), ("branch", "b"), ("branch", "join")],
            expected: ["branch": .success, "a": .success, "a2": .success, "b": .skipped, "join": .success],
            runState: .success),
        // `b` is a direct downstream task of the branch but downstream of the chosen `a` too: followed.
        BranchingCase(
            name: "an unchosen sibling below the chosen task runs",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("a", "b")],
            expected: ["branch": .success, "a": .success, "b": .success], runState: .success),
        // The BranchPythonOperator docs' join: none_failed_min_one_success runs after the skipped side.
        BranchingCase(
            name: "a none_failed_min_one_success join runs after either side",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["b"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "join", work: .succeed(after: 0), rule: .noneFailedMinOneSuccess)] },
            edges: [("branch", "a"), ("branch", "b"), ("a", "join"), ("b", "join")],
            expected: ["branch": .success, "a": .skipped, "b": .success, "join": .success], runState: .success),
        // `None` / `[]`: branch_task_id_set is empty, every direct downstream task is skipped; all_success
        // below them is skipped by its trigger rule.
        BranchingCase(
            name: "choosing nothing skips every direct downstream task",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: [])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "after_a", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("a", "after_a")],
            expected: ["branch": .success, "a": .skipped, "b": .skipped, "after_a": .skipped], runState: .success),
        BranchingCase(
            name: "choosing several tasks runs them all",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["a", "b"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "c", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("branch", "c")],
            expected: ["branch": .success, "a": .success, "b": .success, "c": .skipped], runState: .success),
        // A valid id that is not a direct downstream task: the direct ones not above it are skipped, and `c`
        // (all_success below the skipped `b`) is skipped by its trigger rule.
        BranchingCase(
            name: "choosing a task further down follows only what is below it",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["c"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0)),
                           Spec(id: "c", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b"), ("b", "c")],
            expected: ["branch": .success, "a": .skipped, "b": .skipped, "c": .skipped], runState: .success),
        // "'branch_task_ids' must contain only valid task_ids": AirflowException, the branch fails and its
        // downstream tasks are upstream_failed.
        BranchingCase(
            name: "an id that is not a task of the DAG fails the branch",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 0, choose: ["a", "nope"])),
                           Spec(id: "a", work: .succeed(after: 0)), Spec(id: "b", work: .succeed(after: 0))] },
            edges: [("branch", "a"), ("branch", "b")],
            expected: ["branch": .failed, "a": .upstreamFailed, "b": .upstreamFailed], runState: .failed),
        // skippable_state_clause: `c` was made upstream_failed by `x` and is overwritten with skipped; `g`
        // (all_success) is then skipped and `g2` (none_failed) waits for `z` and runs, whichever of the branch and
        // the failure came first. Airflow decides `g`/`g2` in its next scheduler pass, so this is its outcome when
        // the branch's skip lands before that pass (see MigratingFromAirflow, "Branching").
        BranchingCase(
            name: "an upstream_failed task the branch did not choose becomes skipped",
            tasks: { timing in
                [Spec(id: "x", work: .fail(after: timing.other)),
                 Spec(id: "branch", work: .branch(after: timing.branch, choose: ["a"])),
                 Spec(id: "a", work: .succeed(after: 0)), Spec(id: "c", work: .succeed(after: 0)),
                 Spec(id: "g", work: .succeed(after: 0)), Spec(id: "z", work: .succeed(after: 30)),
                 Spec(id: "g2", work: .succeed(after: 0), rule: .noneFailed)]
            },
            edges: [("branch", "a"), ("branch", "c"), ("x", "c"), ("c", "g"), ("c", "g2"), ("z", "g2")],
            timings: [BranchingCase.Timing(branch: 10, other: 5), BranchingCase.Timing(branch: 5, other: 10)],
            expected: ["x": .failed, "branch": .success, "a": .success, "c": .skipped, "g": .skipped,
                       "z": .success, "g2": .success],
            runState: .success),
        // The same with `c` chosen: nothing overwrites the upstream failure, in either order.
        BranchingCase(
            name: "an upstream_failed task the branch chose stays upstream_failed",
            tasks: { timing in
                [Spec(id: "x", work: .fail(after: timing.other)),
                 Spec(id: "branch", work: .branch(after: timing.branch, choose: ["c"])),
                 Spec(id: "a", work: .succeed(after: 0)), Spec(id: "c", work: .succeed(after: 0))]
            },
            edges: [("branch", "a"), ("branch", "c"), ("x", "c")],
            timings: [BranchingCase.Timing(branch: 10, other: 5), BranchingCase.Timing(branch: 5, other: 10)],
            expected: ["x": .failed, "branch": .success, "a": .skipped, "c": .upstreamFailed], runState: .failed),
        // skippable_state_clause: up_for_retry is not running/success/failed, so `x` is skipped and never retried;
        // the run does not wait out the hour of its retry delay.
        BranchingCase(
            name: "a task waiting for its retry is skipped, not retried",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 10, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)),
                           Spec(id: "x", work: .failFirstTry(after: 0), rule: .always)] },
            edges: [("branch", "a"), ("branch", "x")],
            expected: ["branch": .success, "a": .success, "x": .skipped], runState: .success, endsWithin: 60),
        // A task scheduled but waiting for a pool slot (Airflow: scheduled/queued) is skipped like a pending one,
        // and never takes the slot.
        BranchingCase(
            name: "a task waiting for a pool slot is skipped",
            tasks: { _ in [Spec(id: "hog", work: .succeed(after: 60), pool: "one"),
                           Spec(id: "branch", work: .branch(after: 10, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)),
                           Spec(id: "c", work: .succeed(after: 0), rule: .always, pool: "one")] },
            edges: [("branch", "a"), ("branch", "c")],
            expected: ["hog": .success, "branch": .success, "a": .success, "c": .skipped], runState: .success),
        // skippable_state_clause excludes RUNNING: the running task finishes as it would have.
        BranchingCase(
            name: "a running task the branch did not choose keeps running",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 10, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)),
                           Spec(id: "c", work: .succeed(after: 20), rule: .always)] },
            edges: [("branch", "a"), ("branch", "c")],
            expected: ["branch": .success, "a": .success, "c": .success], runState: .success),
        // … and SUCCESS and FAILED: finished tasks keep their state; the failed leaf fails the run.
        BranchingCase(
            name: "finished tasks the branch did not choose keep their state",
            tasks: { _ in [Spec(id: "branch", work: .branch(after: 10, choose: ["a"])),
                           Spec(id: "a", work: .succeed(after: 0)),
                           Spec(id: "done", work: .succeed(after: 0), rule: .always),
                           Spec(id: "broken", work: .fail(after: 0), rule: .always)] },
            edges: [("branch", "a"), ("branch", "done"), ("branch", "broken")],
            expected: ["branch": .success, "a": .success, "done": .success, "broken": .failed], runState: .failed),
    ]

    @Test(arguments: cases)
    func branchingMatchesAirflow(_ row: BranchingCase) async throws {
        for timing in row.timings {
            let clock = ManualClock(autoAdvance: true)
            let started = clock.now()
            let result = try await row.dag()(timing).test(clock: clock, pools: Pools(["one": 1]))
            #expect(result.taskStates == row.expected, "\(timing)")
            #expect(result.state == row.runState, "\(timing): \(result.run.note ?? "")")
            if let limit = row.endsWithin {
                #expect(clock.now().timeIntervalSince(started) < limit, "\(timing)")
            }
        }
    }

    @Test func aSkippedRetryKeepsItsTryAndTheBranchNamesItself() async throws {
        let row = try #require(Self.cases.first { $0.endsWithin != nil })
        let result = try await row.dag()(row.timings[0]).test()
        #expect(result.tries(of: "x").map(\.state) == [.upForRetry])
        #expect(result.taskInstances["x"]?.error == "not chosen by branch 'branch'")
        let pooled = try await Self.cases.first { $0.name.contains("pool slot") }!.dag()(row.timings[0])
            .test(pools: Pools(["one": 1]))
        #expect(pooled.taskInstances["c"]?.tryNumber == 0, "never started")
    }

    @Test func anUnknownChoiceNamesTheTask() async throws {
        let row = try #require(Self.cases.first { $0.name.contains("not a task of the DAG") })
        let result = try await row.dag()(row.timings[0]).test()
        #expect(result.taskInstances["branch"]?.error == "the branch chose 'nope', which is not a task of this DAG")
    }

    @Test func reDecidedTasksReportTheirWayBackToPending() async throws {
        let row = try #require(Self.cases.first { $0.name.contains("becomes skipped") })
        let (events, sink) = RunEventSink.makeStream()
        async let result = row.dag()(BranchingCase.Timing(branch: 10, other: 5)).test(events: sink)
        var g2: [TaskInstanceState] = []
        for await event in events {
            if case .task("g2", let state, _) = event.change { g2.append(state) }
        }
        #expect(try await result.state == .success)
        // upstream_failed when `x` failed, back to waiting when the branch skipped `c`, then run when `z` ended.
        #expect(g2 == [.upstreamFailed, .pending, .scheduled, .queued, .running, .success])
    }
}
