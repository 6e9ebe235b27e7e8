import Testing
import Updraft
import UpdraftTalend
import UpdraftTesting
@testable import TalendAPIJobsWaiting

@Suite struct TalendAPIJobsWaitingTests {
    @Test func downstreamRunsAfterTheJobSucceeded() async throws {
        let talend = MockTalendCloudHook(
            executionID: "e-7", statuses: [.executing, .executing, .successful],
            logLines: [TalendLogEntry(logMessage: "Hello from Talend")])
        let result = try await makeTalendAPIJobsWaitingDAG().test(hooks: ["talend_api": talend])
        #expect(result.state == .success)
        #expect(talend.starts.all.map(\.executable) == ["5fb2f5126a1cd451b07bee7a"])
        #expect(talend.statusPolls.count == 3)
        #expect(try await result.xcom(String.self, from: "after_talend") == "e-7")
        #expect(result.logLines(of: "talend_api").contains { $0.message.contains("Hello from Talend") })
    }

    @Test func aFailedJobStopsDownstream() async throws {
        let talend = MockTalendCloudHook(statuses: [.executing, .failed("tDie_1 - bad input")])
        let result = try await makeTalendAPIJobsWaitingDAG().test(hooks: ["talend_api": talend])
        #expect(result.state == .failed)
        #expect(result.state(of: "after_talend") == .upstreamFailed)
        #expect(talend.starts.count == 2, "the task's retry starts the job again")
        #expect(result.taskInstances["talend_api"]?.error?.contains("tDie_1 - bad input") == true)
    }
}
