import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftWeb

/// Airflow's own Python API client (`apache-airflow-client`, installed by `scripts/install-deps.sh`) against the
/// server with users: a bearer token from `/auth/token`, then DAGs, runs, task instances, logs, XCom, clear and mark,
/// each answer parsed by the client's strict models (Clients/airflow_client_check.py).
@Suite struct AirflowClientTests {
    static let secret = "client-s3cr3t-token"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "Clients/airflow_client_check.py").path

    @Test(.timeLimit(.minutes(2))) func airflowsClientTriggersAndInspectsARun() async throws {
        let masker = SecretMasker()
        masker.register(Self.secret)
        let dag = try DAG("client_dag", tags: ["talend"]) { dag in
            let extract = dag.task("extract") { context in
                // A triggered run's conf reaches the tasks as their params.
                let region = context.params["region"]?.stringValue ?? "none"
                context.logger.info("region \(region), token \(context.params["token"]?.stringValue ?? "")")
                return JSONValue.object(["rows": 3, "token": .string(Self.secret)])
            }
            let load = dag.task("load") { _ -> JSONValue in throw PageTestFailure(description: "load failed") }
            extract >> load
            load >> dag.task("report", EmptyOperator())
        }
        let logs = try WebPagesTests.scratch()
        try await WebServerTests.serving([dag], masker: masker, auth: WebAuthConfiguration(users: ["admin": "pa55word"]),
                                         logDirectory: logs) { base, store in
            let changes = store.changeSignals()
            let trigger = try await ChildProcess.run("python3", [Self.script, base, "admin", "pa55word", "trigger",
                                                                 Self.secret])
            #expect(trigger.status == 0 && trigger.stdout.contains("ok trigger"), "\(trigger.stdout)\(trigger.stderr)")
            guard trigger.status == 0 else { return }
            for await _ in changes {
                let runs = try await store.runs(matching: RunQuery(dagID: "client_dag"))
                if runs.count == 1, runs[0].state == .failed { break }
            }
            let inspect = try await ChildProcess.run("python3", [Self.script, base, "admin", "pa55word", "inspect",
                                                                 Self.secret])
            #expect(inspect.status == 0 && inspect.stdout.contains("ok inspect"), "\(inspect.stdout)\(inspect.stderr)")
        }
    }
}
