import Foundation
import UpdraftEmail
import UpdraftKubernetes

/// The seed's `talend_jobs` DAG, as close to the Python as Swift allows: two Talend jobs exported as container
/// images run as pods one after the other, then an email. The namespace comes from Airflow's
/// `[kubernetes] namespace` setting (`AIRFLOW__KUBERNETES__NAMESPACE`); in the default namespace the cluster is
/// reached through a kubeconfig file (`KUBECONFIG`), otherwise through the pod's in-cluster service account.
func makeTalendJobsDAG(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DAG {
    let defaultArgs = TaskOptions(
        owner: "airflow",
        emailOnFailure: false,
        emailOnRetry: false,
        retries: 1,
        retryDelay: .minutes(5),
        dependsOnPast: false,
        startDate: Date(timeIntervalSince1970: 1_546_300_800))  // 2019-01-01

    let namespace = environment["AIRFLOW__KUBERNETES__NAMESPACE"] ?? "default"

    // This will detect the default namespace locally and use the in-cluster configuration when deployed.
    let inCluster: Bool
    let configFile: String?
    if namespace == "default" {
        configFile = environment["KUBECONFIG"] ?? "/usr/local/airflow/include/.kube/config"
        inCluster = false
    } else {
        inCluster = true
        configFile = nil
    }

    // Define recipient emails for successful completion notification
    let emailTo: EmailRecipients = ["noreply@astronomer.io"]

    return try DAG("talend_jobs",
                   schedule: .once,
                   defaultArgs: defaultArgs) { dag in

        let talend1 = dag.task("hello-world", KubernetesPodOperator(
            namespace: namespace,
            image: "your-repo/talendjob:hello",
            name: "talend-test-hello",
            inCluster: inCluster,  // if set to true, will look in the cluster, if false, looks for file
            clusterContext: "docker-desktop",  // is ignored when inCluster is set to true
            configFile: configFile,
            isDeleteOperatorPod: true,
            getLogs: true))

        let talend2 = dag.task("random", KubernetesPodOperator(
            namespace: namespace,
            image: "your-repo/talendjob:random",
            name: "talend-test-random",
            inCluster: inCluster,
            clusterContext: "docker-desktop",
            configFile: configFile,
            isDeleteOperatorPod: true,
            getLogs: true))

        let sendEmail = dag.task("send_email", EmailOperator(
            to: emailTo,
            subject: "Talend Jobs Completed Successfully",
            htmlContent: "<p>Your containerized Talend jobs have completed successfully. <p>"))

        talend1 >>> talend2 >>> sendEmail
    }
}
