import Logging
import Updraft

// Runs `talend_api_jobs_waiting` once, with the connection from AIRFLOW_CONN_TALEND_API (see TalendAPIJobs).
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let engine = Engine(configuration: Engine.Configuration(logger: Logger(label: "talend_api_jobs_waiting")))
let result = try await engine.run(try makeTalendAPIJobsWaitingDAG())
print("talend_api_jobs_waiting: \(result.state)")
for task in ["talend_api", "after_talend"] {
    print("\(task): \(result.state(of: task).map { "\($0)" } ?? "not run")")
}
if let executionID = try await result.xcom(String.self, from: "talend_api") {
    print("Talend execution: \(executionID)")
}
