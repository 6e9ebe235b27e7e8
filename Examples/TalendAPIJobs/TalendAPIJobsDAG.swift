import Foundation
import UpdraftHTTP

/// The seed's `talend_api_jobs` DAG, line for line: one `SimpleHttpOperator` that POSTs to Talend's legacy
/// executions endpoint to trigger a task. It only triggers the job (the task succeeds as soon as the API
/// answers); see TalendAPIJobsWaiting for the variant that waits for it.
func makeTalendAPIJobsDAG() throws -> DAG {
    let defaultArgs = TaskOptions(
        owner: "airflow",
        emailOnFailure: false,
        emailOnRetry: false,
        retries: 1,
        retryDelay: .minutes(5),
        dependsOnPast: false,
        startDate: Date(timeIntervalSince1970: 1_546_300_800))  // 2019-01-01

    return try DAG("talend_api_jobs",
                   schedule: .once,
                   defaultArgs: defaultArgs) { dag in

        dag.task("talend_api", SimpleHttpOperator(
            method: "POST",
            httpConnID: "talend_api",
            endpoint: "/tmc/v2.2/executions",
            data: .json(["executable": "5fb2f5126a1cd451b07bee7a"])))
    }
}
