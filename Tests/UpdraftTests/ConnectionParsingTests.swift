import Foundation
import Testing
import Updraft

/// Airflow's URI and JSON connection forms (airflow-anchor 6.2), every documented example plus malformed ones.
@Suite struct ConnectionParsingTests {
    @Test func hostWithItsOwnSchemeAndTypedExtras() throws {
        let conn = try GenericConnection(
            connID: "my_api", uri: "http://https%3A%2F%2Fapi.example.com/?Authorization=Bearer+xyz&timeout=30")
        #expect(conn.connType == "http")
        #expect(conn.host == "https://api.example.com")
        #expect(conn.schema == nil)
        #expect(conn.extra == ["Authorization": "Bearer xyz", "timeout": 30])
    }

    @Test func credentialsPortAndSchema() throws {
        let conn = try GenericConnection(connID: "my_api",
                                         uri: "http://u:p%40ss@api.example.com:443/https?Authorization=Bearer+xyz")
        #expect(conn.login == "u")
        #expect(conn.password == "p@ss")
        #expect(conn.host == "api.example.com")
        #expect(conn.port == 443)
        #expect(conn.schema == "https")
        #expect(conn.extra["Authorization"] == "Bearer xyz")
    }

    @Test func hostWithTwoSchemes() throws {
        let conn = try GenericConnection(connID: "c", uri: "http://https://api.example.com/v1")
        #expect(conn.host == "https://api.example.com")
        #expect(conn.schema == "v1")
    }

    @Test func extraAsJSONBlob() throws {
        let conn = try GenericConnection(
            connID: "k", uri: "kubernetes://?__extra__=%7B%22in_cluster%22%3A+false%2C+%22namespace%22%3A+%22etl%22%7D")
        #expect(conn.connType == "kubernetes")
        #expect(conn.extra == ["in_cluster": false, "namespace": "etl"])
    }

    @Test func jsonTypedQueryValues() throws {
        let conn = try GenericConnection(connID: "c", uri: "smtp://mail.local:587/?disable_ssl=true&retry_limit=3&from_email=a%40b.c")
        #expect(conn.extra == ["disable_ssl": true, "retry_limit": 3, "from_email": "a@b.c"])
        #expect(conn.port == 587)
    }

    @Test func connTypeIsNormalised() throws {
        #expect(try GenericConnection(connID: "c", uri: "google-cloud-platform://").connType == "google_cloud_platform")
        #expect(try GenericConnection(connID: "c", uri: "postgresql://h/db").connType == "postgres")
    }

    @Test func emptyHostWithPort() throws {
        let conn = try GenericConnection(connID: "c", uri: "smtp://@:2525")
        #expect(conn.host == nil)
        #expect(conn.port == 2525)
        #expect(conn.airflowURI == "smtp://@:2525")
    }

    @Test(arguments: [
        "http://a://b://c",
        "http://u:p@https://host",
        "http://host:notaport/",
        "http://host:70000",
        "no-scheme-at-all",
        "http://h/?__extra__=%5B1%5D",
    ])
    func malformedURIsAreRejectedWithTheConnID(_ uri: String) {
        #expect {
            try GenericConnection(connID: "bad_conn", uri: uri)
        } throws: { error in
            guard let error = error as? ConnectionError else { return false }
            return error.code == .invalidURI && error.connID == "bad_conn" && error.description.contains("bad_conn")
        }
    }

    @Test(arguments: [
        GenericConnection(connID: "a", connType: "http", host: "https://api.example.com",
                          extra: ["Authorization": "Bearer xyz"]),
        GenericConnection(connID: "b", connType: "http", host: "api.example.com", schema: "https",
                          login: "user name", password: "p@ss:/word", port: 443, extra: ["timeout": 30, "verify": false]),
        GenericConnection(connID: "c", connType: "smtp", host: "smtp.example.com", port: 587),
        GenericConnection(connID: "d", connType: "kubernetes", extra: ["kube_config": ["a": [1, 2]]]),
    ])
    func uriRoundTrips(_ conn: GenericConnection) throws {
        let parsed = try GenericConnection(connID: conn.connID, uri: conn.airflowURI)
        #expect(parsed == conn)
    }

    @Test func jsonForm() throws {
        let conn = try GenericConnection(connID: "talend_api", json: """
            {"conn_type": "http", "host": "api.eu.cloud.talend.com", "schema": "https", "port": "443",
             "login": null, "password": "secret-pass", "extra": "{\\"Authorization\\": \\"Bearer tok12345\\"}"}
            """)
        #expect(conn.host == "api.eu.cloud.talend.com")
        #expect(conn.port == 443)
        #expect(conn.password == "secret-pass")
        #expect(conn.extra["Authorization"] == "Bearer tok12345")
        #expect(try GenericConnection(connID: "talend_api", json: conn.airflowJSON) == conn)
    }

    @Test(arguments: [
        (#"[1, 2]"#, "not a JSON object"),
        (#"{"port": "eighty"}"#, "port"),
        (#"{"extra": "[1]"}"#, "extra"),
        (#"{"extra": 5}"#, "extra"),
        (#"{"hostname": "x"}"#, "unknown keys"),
        (#"{"host": 5}"#, "'host' must be a string"),
    ])
    func malformedJSONIsRejectedNamingTheField(_ json: String, _ fragment: String) {
        #expect {
            try GenericConnection(connID: "j", json: json)
        } throws: { error in
            (error as? ConnectionError)?.message.contains(fragment) == true
        }
    }

    @Test func descriptionNeverShowsSecrets() throws {
        let conn = try GenericConnection(connID: "c", uri: "http://user:hunter22@h/?api_key=abcdef123&region=eu")
        #expect(!conn.description.contains("hunter22"))
        #expect(!conn.description.contains("abcdef123"))
        #expect(conn.description.contains("region"))
    }
}
