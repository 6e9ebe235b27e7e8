import UpdraftCLI

/// Runs `talend_api_jobs_waiting` with the connection from `AIRFLOW_CONN_TALEND_API` (see TalendAPIJobs).
@main struct TalendAPIJobsWaiting: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try makeTalendAPIJobsWaitingDAG()] }
}
