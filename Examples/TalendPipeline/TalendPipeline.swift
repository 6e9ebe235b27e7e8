import UpdraftCLI
import UpdraftEmail

/// Runs `talend_pipeline`. Failure and retry alerts go through the same SMTP settings as the EmailOperator
/// (`AIRFLOW_CONN_SMTP_DEFAULT` or `AIRFLOW__SMTP__*`).
@main struct TalendPipeline: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try makeTalendPipelineDAG()] }

    static func engineConfiguration() throws -> Engine.Configuration {
        let masker = SecretMasker()
        return Engine.Configuration(alertHook: try SMTPAlertHook(masker: masker), masker: masker)
    }
}
