import Foundation
import Testing
import Updraft

@Suite struct ConnectionSourceTests {
    @Test func environmentURIAndJSON() throws {
        let resolver = ConnectionResolver(sources: [EnvironmentConnectionSource(environment: [
            "AIRFLOW_CONN_TALEND_API": "  http://https%3A%2F%2Fapi.us.cloud.talend.com/?Authorization=Bearer+tok-987654 ",
            "AIRFLOW_CONN_SMTP_DEFAULT": #"{"conn_type": "smtp", "host": "127.0.0.1", "port": 2525}"#,
        ])])
        let masker = SecretMasker()
        let talend = try resolver.connection("talend_api", masker: masker)
        #expect(talend.host == "https://api.us.cloud.talend.com")
        #expect(masker.mask("sent Bearer tok-987654 to server") == "sent *** to server")
        #expect(masker.mask("token tok-987654") == "token ***")
        #expect(try resolver.connection("smtp_default").port == 2525)
    }

    @Test func missingConnectionNamesTheVariable() {
        let resolver = ConnectionResolver(sources: [EnvironmentConnectionSource(environment: [:])])
        #expect {
            try resolver.connection("talend_api")
        } throws: { error in
            let error = error as? ConnectionError
            return error?.code == .notFound && error?.description.contains("AIRFLOW_CONN_TALEND_API") == true
        }
    }

    @Test func yamlAndJSONFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-conn-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("connections.yaml")
        try """
            talend_api: "http://https%3A%2F%2Fapi.eu.cloud.talend.com/?Authorization=Bearer+abcdefgh"
            smtp_default:
              conn_type: smtp
              host: 127.0.0.1
              port: 2525
              extra_dejson:
                from_email: airflow@example.com
            """.write(to: yaml, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("connections.json")
        try #"{"k8s": {"conn_type": "kubernetes", "extra": {"in_cluster": true}}}"#
            .write(to: json, atomically: true, encoding: .utf8)
        let resolver = ConnectionResolver(sources: [
            try FileConnectionSource(path: yaml.path), try FileConnectionSource(path: json.path),
        ])
        #expect(try resolver.connection("talend_api").host == "https://api.eu.cloud.talend.com")
        #expect(try resolver.connection("smtp_default").extra["from_email"] == "airflow@example.com")
        #expect(try resolver.connection("k8s").extra["in_cluster"] == true)

        try "- not a mapping".write(to: yaml, atomically: true, encoding: .utf8)
        #expect(throws: ConnectionError.self) { try FileConnectionSource(path: yaml.path) }
    }
}
