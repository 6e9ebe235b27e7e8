import Testing
import UpdraftTesting
@testable import TalendPipeline

@Suite struct TalendPipelineTests {
    @Test func transformsWaitForTheTalendJobThenRunInParallelThenTheSummaryIsSent() async throws {
        let talend = MockTalendCloudHook(executionID: "e-1", statuses: [.executing, .successful])
        let kubernetes = MockKubernetesHook()
        let smtp = MockSMTPHook()
        let alerts = SMTPAlertHook(hook: smtp)
        let result = try await makeTalendPipelineDAG(environment: [:]).test(
            hooks: ["talend_api": talend, "kubernetes_default": kubernetes, "smtp_default": smtp],
            alertHook: alerts)

        #expect(result.state == .success)
        #expect(Set(result.taskStates.values) == [.success])
        #expect(kubernetes.calls.createdPods.count == 3)
        #expect(smtp.calls.accepted.map(\.message.subject) == ["Talend pipeline finished"])
        let extractEnd = try #require(result.taskInstances["extract_customers"]?.endDate)
        for transform in ["clean_customers", "score_customers", "export_customers"] {
            let start = try #require(result.taskInstances[transform]?.startDate)
            #expect(start >= extractEnd, "\(transform) starts only after the Talend job finished")
        }
    }

    @Test func aFailingTransformSendsAlertsAndNoSummary() async throws {
        let talend = MockTalendCloudHook(statuses: [.successful])
        let kubernetes = MockKubernetesHook(scripts: [
            "your-repo/talendjob:score_customers": .fail(exitCode: 2, logLines: [], terminationMessage: "no model"),
        ])
        let smtp = MockSMTPHook()
        let result = try await makeTalendPipelineDAG(environment: [:]).test(
            hooks: ["talend_api": talend, "kubernetes_default": kubernetes, "smtp_default": smtp],
            alertHook: SMTPAlertHook(hook: smtp))

        #expect(result.state == .failed)
        #expect(result.state(of: "score_customers") == .failed)
        #expect(result.state(of: "send_summary") == .upstreamFailed)
        let subjects = smtp.calls.accepted.map(\.message.subject)
        #expect(subjects.count == 2, "one retry alert, one failure alert: \(subjects)")
        #expect(subjects.allSatisfy { $0.contains("score_customers") })
        #expect(!subjects.contains("Talend pipeline finished"))
    }
}
