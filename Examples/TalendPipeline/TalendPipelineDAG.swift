import Foundation
import UpdraftEmail
import UpdraftKubernetes
import UpdraftTalend

/// A complete Talend workflow with both of the seed's methods and none of their weaknesses: a Talend Cloud job
/// that the next steps really wait for (its log in the task log), then containerised Talend jobs in parallel as
/// pods, then a summary email. Every task retries once and emails `alertTo` when it fails or retries.
func makeTalendPipelineDAG(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    alertTo: EmailRecipients = ["data-team@example.com"]
) throws -> DAG {
    let defaultArgs = TaskOptions(
        owner: "data-team",
        email: alertTo,
        emailOnFailure: true,
        emailOnRetry: true,
        retries: 1,
        retryDelay: .minutes(1),
        executionTimeout: .hours(2))
    let configFile = environment["KUBECONFIG"]

    return try DAG("talend_pipeline",
                   description: "Talend Cloud extract, containerised transforms in parallel, summary email",
                   schedule: "@daily",
                   startDate: Date(timeIntervalSince1970: 1_767_225_600),  // 2026-01-01
                   defaultArgs: defaultArgs,
                   tags: ["talend"]) { dag in

        let extract = dag.task("extract_customers", TalendJobOperator(
            executable: "5fb2f5126a1cd451b07bee7a",
            talendConnID: "talend_api",
            parameters: ["run_date": "latest"],
            apiPrefix: .legacy,
            pollInterval: .seconds(1),
            maxPollInterval: .seconds(5)))

        let transforms = ["clean_customers", "score_customers", "export_customers"].map { taskID in
            dag.task(taskID, KubernetesPodOperator(
                namespace: "default",
                image: "your-repo/talendjob:\(taskID)",
                name: taskID.replacingOccurrences(of: "_", with: "-"),
                envVars: [EnvVar(name: "TARGET_SCHEMA", value: "analytics")],
                clusterContext: "docker-desktop",
                configFile: configFile,
                onFinishAction: .deleteSucceededPod,
                logEventsOnFailure: true))
        }

        let summary = dag.task("send_summary", EmailOperator(
            to: alertTo,
            subject: "Talend pipeline finished",
            htmlContent: """
                <p>The Talend Cloud extract and the containerised transforms \
                (clean, score, export) completed successfully.</p>
                """))

        extract >> transforms
        transforms >> summary
    }
}
