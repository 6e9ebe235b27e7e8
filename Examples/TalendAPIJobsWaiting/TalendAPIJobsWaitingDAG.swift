import Foundation
import Logging
import UpdraftTalend

/// The seed's `talend_api_jobs` DAG with its weaknesses removed: `TalendJobOperator` starts the same task through
/// the same connection and legacy path, then waits for the Talend run to finish, copying its log into the task
/// log, so `after_talend` runs only once the job has really succeeded.
func makeTalendAPIJobsWaitingDAG() throws -> DAG {
    let defaultArgs = TaskOptions(
        owner: "airflow",
        emailOnFailure: false,
        emailOnRetry: false,
        retries: 1,
        retryDelay: .minutes(5),
        dependsOnPast: false,
        startDate: Date(timeIntervalSince1970: 1_546_300_800))  // 2019-01-01

    return try DAG("talend_api_jobs_waiting",
                   schedule: .once,
                   defaultArgs: defaultArgs) { dag in

        let talend1 = dag.task("talend_api", TalendJobOperator(
            executable: "5fb2f5126a1cd451b07bee7a",
            talendConnID: "talend_api",
            apiPrefix: .legacy,
            pollInterval: .seconds(1),      // Talend's status API is cheap; poll often, backing off to 5 s
            maxPollInterval: .seconds(5),
            timeout: .hours(2)))

        let afterTalend = dag.task("after_talend") { context in
            let executionID = try await context.xcom.pull(String.self, from: "talend_api") ?? "unknown"
            context.logger.info("Talend execution \(executionID) finished; downstream work can start")
            return executionID
        }

        talend1 >> afterTalend
    }
}
