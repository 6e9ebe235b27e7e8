import Logging
import Updraft

// Runs `talend_api_jobs` once. The connection comes from AIRFLOW_CONN_TALEND_API, for example
// AIRFLOW_CONN_TALEND_API='{"conn_type": "http", "host": "https://api.eu.cloud.talend.com",
//                           "extra": {"Authorization": "Bearer <token>"}}'
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let engine = Engine(configuration: Engine.Configuration(logger: Logger(label: "talend_api_jobs")))
let result = try await engine.run(try makeTalendAPIJobsDAG())
print("talend_api_jobs: \(result.state)")
print("talend_api: \(result.state(of: "talend_api").map { "\($0)" } ?? "not run")")
if let response = try await result.xcom(String.self, from: "talend_api") { print("response: \(response)") }
