import Foundation
import Testing
import Updraft
import UpdraftEmail
import UpdraftTesting

@Suite struct AlertTests {
    struct Boom: Error, CustomStringConvertible {
        let description: String
    }

    let alert = TaskAlert(
        kind: .failure, recipients: "ops@example.com", dagID: "talend_jobs", taskID: "talend1",
        runID: "manual__2026-11-25T10:00:00+00:00", logicalDate: Date(timeIntervalSince1970: 0), tryNumber: 2,
        maxTries: 3, error: "pod failed: <exit 1>\nsee logs", hostname: "worker-1")

    @Test func subjectAndBodyFollowAirflow() {
        #expect(SMTPAlertHook.subject(for: alert)
            == "Airflow alert: <TaskInstance: talend_jobs.talend1 manual__2026-11-25T10:00:00+00:00 [failed]>")
        var retry = alert
        retry.kind = .retry
        #expect(SMTPAlertHook.subject(for: retry).hasSuffix("[up_for_retry]>"))
        let body = SMTPAlertHook.htmlContent(for: alert, baseURL: "http://airflow.local/")
        #expect(body.hasPrefix("Try 2 out of 3<br>Exception:<br>pod failed: &lt;exit 1&gt;<br>see logs<br>"))
        #expect(body.contains(
            "Log: <a href=\"http://airflow.local/dags/talend_jobs/runs/manual__2026-11-25T10%3A00%3A00%2B00%3A00/tasks/talend1?try_number=2\">Link</a><br>"))
        #expect(body.contains("Host: worker-1<br>"))
        #expect(body.contains("Mark success: <a href=\"http://airflow.local/confirm?task_id=talend1&amp;dag_id=talend_jobs"))
    }

    @Test func retryThenFailureAlertsAreMailed() async throws {
        let smtp = MockSMTPHook(defaultFrom: "alerts@example.com")
        let dag = try DAG("alerting") { dag in
            dag.task("flaky", options: TaskOptions(email: "ops@example.com, oncall@example.com", retries: 1,
                                                   retryDelay: .minutes(5))) { _ in
                throw Boom(description: "Talend job exited with status 3")
            }
        }
        let result = try await dag.test(alertHook: SMTPAlertHook(hook: smtp))
        #expect(result.state(of: "flaky") == .failed)
        let sent = smtp.calls.accepted
        #expect(sent.count == 2)
        #expect(sent.map { $0.message.subject.hasSuffix("[up_for_retry]>") } == [true, false])
        #expect(sent.last?.message.subject.hasSuffix("[failed]>") == true)
        #expect(sent.last?.message.htmlContent.hasPrefix("Try 2 out of 2<br>") == true)
        #expect(sent.last?.message.htmlContent.contains("Talend job exited with status 3") == true)
        #expect(sent.last?.message.htmlContent.contains("Host: updraft-test<br>") == true)
        #expect(sent.last?.rendered.recipients == ["ops@example.com", "oncall@example.com"])
        #expect(sent.last?.rendered.sender == "alerts@example.com")
    }

    @Test func emailOnRetryOffSendsOnlyTheFailure() async throws {
        let smtp = MockSMTPHook()
        let dag = try DAG("quiet") { dag in
            dag.task("t", options: TaskOptions(email: ["ops@example.com"], emailOnRetry: false, retries: 2)) { _ in
                throw Boom(description: "no")
            }
        }
        _ = try await dag.test(alertHook: SMTPAlertHook(hook: smtp, fromEmail: "Airflow <airflow@airflow>"))
        #expect(smtp.calls.accepted.count == 1)
        #expect(smtp.calls.accepted.first?.rendered.sender == "airflow@airflow")
    }

    @Test func anAlertThatCannotBeSentIsLoggedAndTheTaskKeepsItsOutcome() async throws {
        let smtp = MockSMTPHook(failure: Boom(description: "SMTP server unreachable"))
        let dag = try DAG("unlucky") { dag in
            dag.task("fails", options: TaskOptions(email: "ops@example.com")) { _ in throw Boom(description: "real cause") }
            dag.task("works", options: TaskOptions(email: "ops@example.com")) { _ in }
        }
        let result = try await dag.test(alertHook: SMTPAlertHook(hook: smtp))
        #expect(result.state(of: "fails") == .failed)
        #expect(result.state(of: "works") == .success)
        let lines = result.logLines(of: "fails").map(\.message)
        #expect(lines.contains { $0.contains("real cause") })
        #expect(lines.contains { $0.contains("could not send the failure alert") && $0.contains("SMTP server unreachable") })
    }
}
