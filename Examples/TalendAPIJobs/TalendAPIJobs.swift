import UpdraftCLI

/// Runs `talend_api_jobs` (`swift run TalendAPIJobs`; `--help` lists `test`, `list`, `show`, `report`). The
/// connection comes from `AIRFLOW_CONN_TALEND_API`, for example
/// `{"conn_type": "http", "host": "https://api.eu.cloud.talend.com", "extra": {"Authorization": "Bearer <token>"}}`.
@main struct TalendAPIJobs: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try makeTalendAPIJobsDAG()] }
}
