import Foundation
import UpdraftEmail
import UpdraftHTTP
import UpdraftKubernetes

/// Triggers a Talend Cloud task, runs a containerised Talend job as a pod, then mails the team. Connections come
/// from the environment, as in Airflow: `AIRFLOW_CONN_TALEND_API` (the Talend Cloud API and its bearer token),
/// `KUBECONFIG` or the pod's service account, `AIRFLOW__SMTP__*`.
func makeStarterDAG(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DAG {
    let namespace = environment["AIRFLOW__KUBERNETES__NAMESPACE"] ?? "default"
    let defaultArgs = TaskOptions(owner: "data", retries: 1, retryDelay: .minutes(5))

    return try DAG("starter", schedule: .daily, defaultArgs: defaultArgs) { dag in
        let trigger = dag.task("trigger_talend_task", SimpleHttpOperator(
            method: "POST",
            httpConnID: "talend_api",
            endpoint: "/processing/executions",
            data: .json(["executable": "5fb2f5126a1cd451b07bee7a"])))

        let transform = dag.task("transform", KubernetesPodOperator(
            namespace: namespace,
            image: "your-repo/talendjob:transform",
            name: "starter-transform",
            envVars: [EnvVar(name: "TALEND_CONTEXT", value: "production")],
            isDeleteOperatorPod: true,
            getLogs: true))

        let notify = dag.task("notify", EmailOperator(
            to: ["data-team@example.com"],
            subject: "Starter DAG finished",
            htmlContent: "<p>The Talend task ran and the transform pod succeeded.</p>"))

        trigger >>> transform >>> notify
    }
}
