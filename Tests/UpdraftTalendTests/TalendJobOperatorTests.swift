import Foundation
import Testing
import Updraft
import UpdraftCurl
import UpdraftTalend
import UpdraftTesting

@Suite struct TalendJobOperatorTests {
    @Test func succeedsWithTheExecutionIDAndEachLogLineOnce() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook(
            executionID: "e-1", statuses: [.executing, .executing, .successful],
            logLines: [TalendLogEntry(logMessage: "Job started"), TalendLogEntry(severity: "WARN", logMessage: "slow"),
                       TalendLogEntry(logMessage: "Job finished")])
        let logs = TaskLogStore()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock, logs: logs)
        let op = TalendJobOperator(executable: "task-1", parameters: ["day": "2026-01-01"], logLevel: .warn)
        #expect(try await op.executeAsTry(context: context, clock: clock) == "e-1")
        #expect(talend.calls.starts == [TalendExecutionRequest(executable: "task-1", parameters: ["day": "2026-01-01"],
                                                             logLevel: .warn)])
        let messages = logs.lines(taskID: "test_task", tryNumber: nil).map(\.message)
        for line in ["[talend INFO] Job started", "[talend WARN] slow", "[talend INFO] Job finished"] {
            #expect(messages.filter { $0 == line }.count == 1, "\(line)")
        }
        #expect(talend.calls.logReads == [0, 3, 3])
    }

    @Test func pushesTheExecutionIDBeforeTheRunEnds() async throws {
        let talend = MockTalendCloudHook(executionID: "e-2", statuses: [.executing])
        let clock = ManualClock()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        let running = Task {
            try await TalendJobOperator(executable: "task-1").executeAsTry(context: context, clock: clock)
        }
        await clock.waitForSleepers(1)
        #expect(try await context.xcom.pull(String.self, from: "test_task") == "e-2")
        talend.setStatuses([.successful])
        clock.advance(by: .seconds(10))
        #expect(try await running.value == "e-2")
    }

    @Test func pollsBackOffToTheMaximumInterval() async throws {
        let talend = MockTalendCloudHook(statuses: [.executing, .executing, .executing, .executing, .executing,
                                                    .successful])
        let clock = ManualClock(autoAdvance: true)
        let start = clock.now()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        _ = try await TalendJobOperator(executable: "t", pollInterval: .seconds(10), maxPollInterval: .seconds(60))
            .executeAsTry(context: context, clock: clock)
        #expect(clock.now().timeIntervalSince(start) == 10 + 20 + 40 + 60 + 60)
    }

    @Test func aFailedRunFailsTheTaskWithTalendsMessage() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook(statuses: [.executing, .failed("tDie_1 - bad input")])
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        let error = await #expect(throws: TalendJobFailed.self) {
            try await TalendJobOperator(executable: "t").executeAsTry(context: context, clock: clock)
        }
        #expect(error?.description.contains("execution_failed (EXECUTION_FAILED): tDie_1 - bad input") == true)
        #expect(talend.calls.terminations.count == 0)
    }

    @Test func rejectedRowsFailByDefault() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook(statuses: [.rejected(rows: 3)])
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        await #expect(throws: TalendJobFailed.self) {
            try await TalendJobOperator(executable: "t").executeAsTry(context: context, clock: clock)
        }
        let accepted = TalendJobOperator(executable: "t", rejectedRunPolicy: .succeed)
        #expect(try await accepted.executeAsTry(context: context, clock: clock) == talend.executionID)
    }

    @Test func theTimeoutTerminatesTheRun() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook(statuses: [.executing])
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        await #expect(throws: TalendJobTimedOut.self) {
            try await TalendJobOperator(executable: "t", timeout: .minutes(5))
                .executeAsTry(context: context, clock: clock)
        }
        #expect(talend.calls.terminations == [talend.executionID])
    }

    @Test func cancellationTerminatesTheRun() async throws {
        let talend = MockTalendCloudHook(statuses: [.executing])
        let clock = ManualClock()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        let running = Task {
            try await TalendJobOperator(executable: "t").executeAsTry(context: context, clock: clock)
        }
        await clock.waitForSleepers(1)
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
        #expect(talend.calls.terminations == [talend.executionID])
    }

    @Test func aFinalLogDelayReadsTheLogOnceMore() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook(statuses: [.successful], logLines: [TalendLogEntry(logMessage: "done")])
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        let start = clock.now()
        _ = try await TalendJobOperator(executable: "t", finalLogDelay: .seconds(30))
            .executeAsTry(context: context, clock: clock)
        #expect(talend.calls.logReads == [0, 1])
        #expect(clock.now().timeIntervalSince(start) == 30)
    }

    @Test func longLogsArePagedAndCopiedOnce() async throws {
        let clock = ManualClock(autoAdvance: true)
        let lines = (0..<450).map { TalendLogEntry(logMessage: "line \($0)") }
        let talend = MockTalendCloudHook(statuses: [.executing, .successful], logLines: lines)
        let logs = TaskLogStore()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock, logs: logs)
        _ = try await TalendJobOperator(executable: "t").executeAsTry(context: context, clock: clock)
        #expect(talend.calls.logReads == [0, 200, 400, 450])
        let copied = logs.lines(taskID: "test_task", tryNumber: nil).map(\.message).filter { $0.contains("] line ") }
        #expect(copied == lines.map { "[talend INFO] \($0.logMessage)" })
    }

    @Test func aRunNotVisibleYetIsWaitedFor() async throws {
        let clock = ManualClock(autoAdvance: true)
        let http = MockHTTPHook()
        http.stub(.post, "/processing/executions", status: 201, body: #"{"executionId":"e-5"}"#)
        http.stub(.get, "/processing/executions/e-5", responses: [
            HTTPResponse(status: 404, body: Array(#"{"status":404,"message":"Not Found"}"#.utf8)),
            HTTPResponse(status: 200, body: Array(#"{"executionId":"e-5","status":"execution_successful"}"#.utf8)),
        ])
        http.stub(.get, "/monitoring/executions/e-5/logs", status: 404)
        let context = TaskContext.forTesting(hooks: ["talend_api": LiveTalendCloudHook(http: http)], clock: clock)
        #expect(try await TalendJobOperator(executable: "t").executeAsTry(context: context, clock: clock) == "e-5")

        http.stub(.get, "/processing/executions/e-5", status: 404)
        await #expect(throws: TalendAPIError.self) {
            try await TalendJobOperator(executable: "t", notFoundGracePeriod: .seconds(15))
                .executeAsTry(context: context, clock: clock)
        }
        #expect(http.calls(.get, "/processing/executions/e-5").count == 2 + 3, "polls at 0, 10 and 30 s")
    }

    @Test func withoutWaitingItOnlyStarts() async throws {
        let clock = ManualClock(autoAdvance: true)
        let talend = MockTalendCloudHook()
        let context = TaskContext.forTesting(hooks: ["talend_api": talend], clock: clock)
        _ = try await TalendJobOperator(executable: "t", waitForCompletion: false)
            .executeAsTry(context: context, clock: clock)
        #expect(talend.calls.statusPolls.count == 0)
    }
}
