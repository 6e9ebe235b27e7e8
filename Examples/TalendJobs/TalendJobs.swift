import UpdraftCLI

/// Runs `talend_jobs` (`swift run TalendJobs`; `--help` lists `test`, `list`, `show`, `report`). The cluster comes
/// from `KUBECONFIG` (context `docker-desktop`), the mail server from `AIRFLOW__SMTP__*` or `AIRFLOW_CONN_SMTP_DEFAULT`.
@main struct TalendJobs: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try makeTalendJobsDAG()] }
}
