import Testing
import UpdraftTesting
@testable import TalendAPIJobsWaiting

@Suite struct TalendAPIJobsWaitingTests {
    @Test func downstreamRunsAfterTheJobSucceeded() async throws {
        let talend = MockTalendCloudHook(
            executionID: "e-7", statuses: [.executing, .executing, .successful],
            logLines: [TalendLogEntry(logMessage: "Hello from Talend")])
        let result = try await makeTalendAPIJobsWaitingDAG().test(hooks: ["talend_api": talend])
        #expect(result.state == .success)
        #expect(talend.calls.starts == [TalendExecutionRequest(executable: "5fb2f5126a1cd451b07bee7a")])
        #expect(talend.calls.statusPolls == ["e-7", "e-7", "e-7"])
        #expect(try await result.xcom(String.self, from: "after_talend") == "e-7")
        #expect(result.logLines(of: "talend_api").contains { $0.message.contains("Hello from Talend") })
    }

    @Test func aFailedJobStopsDownstream() async throws {
        let talend = MockTalendCloudHook(statuses: [.executing, .failed("tDie_1 - bad input")])
        let result = try await makeTalendAPIJobsWaitingDAG().test(hooks: ["talend_api": talend])
        #expect(result.state == .failed)
        #expect(result.state(of: "after_talend") == .upstreamFailed)
        #expect(talend.calls.starts.count == 2, "the task's retry starts the job again")
        #expect(result.taskInstances["talend_api"]?.error?.contains("tDie_1 - bad input") == true)
    }

    @Test func anExecutionFailingOnTheFirstTrySucceedsOnTheRetry() async throws {
        let talend = MockTalendCloudHook(tries: [[.executing, .failed("tDie_1 - bad input")], [.executing, .successful]])
        let result = try await makeTalendAPIJobsWaitingDAG().test(hooks: ["talend_api": talend])
        #expect(result.state == .success)
        #expect(result.taskInstances["talend_api"]?.tryNumber == 2)
        let starts = talend.calls.all.compactMap { call -> Int? in
            if case .startExecution(_, let tryNumber) = call { tryNumber } else { nil }
        }
        #expect(starts == [1, 2])
        #expect(talend.calls.terminations.isEmpty, "a finished execution is not terminated")
    }
}
