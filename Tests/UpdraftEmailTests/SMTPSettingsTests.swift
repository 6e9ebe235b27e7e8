import Foundation
import Testing
import Updraft
import UpdraftCurl
import UpdraftEmail

@Suite struct SMTPSettingsTests {
    @Test func defaultsAreAirflows() throws {
        let settings = try SMTPSettings(connection: nil, environment: [:])
        #expect(settings.host == "localhost")
        #expect(settings.port == 25)
        #expect(settings.fromEmail == "airflow@example.com")
        #expect(settings.timeout == .seconds(30))
        #expect(settings.retryLimit == 5)
        #expect(settings.startTLS && !settings.implicitTLS)
        #expect(settings.login == nil && settings.password == nil)
        #expect(settings.server.encryption == .startTLSRequired)
    }

    /// The seed configures SMTP with these five variables only.
    @Test func seedVariablesAlone() throws {
        let settings = try SMTPSettings(connection: nil, environment: [
            "AIRFLOW__SMTP__SMTP_HOST": "smtp.gmail.com", "AIRFLOW__SMTP__SMTP_PORT": "587",
            "AIRFLOW__SMTP__SMTP_USER": "me@gmail.com", "AIRFLOW__SMTP__SMTP_PASSWORD": "app-password-1",
            "AIRFLOW__SMTP__SMTP_MAIL_FROM": "me@gmail.com", "AIRFLOW__SMTP__SMTP_STARTTLS": "True",
            "AIRFLOW__SMTP__SMTP_TIMEOUT": "12", "AIRFLOW__SMTP__SMTP_RETRY_LIMIT": "2",
        ])
        #expect(settings.host == "smtp.gmail.com" && settings.port == 587)
        #expect(settings.login == "me@gmail.com" && settings.password == "app-password-1")
        #expect(settings.fromEmail == "me@gmail.com")
        #expect(settings.timeout == .seconds(12) && settings.retryLimit == 2)
        #expect(settings.server.credentials?.username == "me@gmail.com")
        #expect(!settings.description.contains("app-password-1"))
        #expect(!"\(settings.server)".contains("app-password-1"))
    }

    @Test func connectionWinsFieldByFieldOverVariables() throws {
        let generic = try GenericConnection(
            connID: "smtp_default",
            uri: "smtp://bot%40corp.com:conn-secret-9@mail.corp.com:2525?from_email=bot%40corp.com&timeout=7&disable_tls=true")
        let settings = try SMTPSettings(connection: try SMTPConnection(generic), environment: [
            "AIRFLOW__SMTP__SMTP_HOST": "ignored.example.com", "AIRFLOW__SMTP__SMTP_PORT": "25",
            "AIRFLOW__SMTP__SMTP_PASSWORD": "env-secret", "AIRFLOW__SMTP__SMTP_MAIL_FROM": "env@example.com",
            "AIRFLOW__SMTP__SMTP_RETRY_LIMIT": "9", "AIRFLOW__SMTP__SMTP_SSL": "false",
        ])
        #expect(settings.host == "mail.corp.com" && settings.port == 2525)
        #expect(settings.login == "bot@corp.com" && settings.password == "conn-secret-9")
        #expect(settings.fromEmail == "bot@corp.com")
        #expect(settings.timeout == .seconds(7))
        #expect(settings.retryLimit == 9, "not set on the connection: from the variable")
        #expect(!settings.startTLS && !settings.implicitTLS)
        #expect(settings.server.encryption == .none)
    }

    @Test func implicitTLSDefaultsToPort465AndSkipsSTARTTLS() throws {
        let settings = try SMTPSettings(connection: nil, environment: ["AIRFLOW__SMTP__SMTP_SSL": "true"])
        #expect(settings.port == 465)
        #expect(settings.server.encryption == .implicitTLS)
        let connection = try SMTPConnection(GenericConnection(
            connID: "c", connType: "smtp", host: "h", extra: ["disable_ssl": false, "ssl_context": "none"]))
        let fromConnection = try SMTPSettings(connection: connection, environment: [:])
        #expect(fromConnection.implicitTLS && fromConnection.tls.insecureSkipTLSVerify)
    }

    @Test func malformedValuesAreTypedErrorsWithoutTheValue() throws {
        let error = try #require(throws: EmailError.self) {
            try SMTPSettings(connection: nil, environment: ["AIRFLOW__SMTP__SMTP_PORT": "secret-ish-587"])
        }
        #expect(error.code == .invalidSetting)
        #expect(error.description.contains("AIRFLOW__SMTP__SMTP_PORT") && !error.description.contains("secret-ish"))
        #expect(throws: ConnectionError.self) {
            try SMTPConnection(GenericConnection(connID: "c", connType: "smtp", extra: ["timeout": "soon"]))
        }
        let wrongType = try #require(throws: ConnectionError.self) {
            try SMTPConnection(GenericConnection(connID: "c", connType: "http"))
        }
        #expect(wrongType.code == .wrongType)
    }

    @Test func resolveFallsBackToVariablesAndRegistersThePassword() throws {
        let masker = SecretMasker()
        let environment = ["AIRFLOW__SMTP__SMTP_HOST": "env.example.com", "AIRFLOW__SMTP__SMTP_USER": "u",
                           "AIRFLOW__SMTP__SMTP_PASSWORD": "env-only-password"]
        let settings = try SMTPSettings.resolve(
            connID: "smtp_default", connections: ConnectionResolver(sources: [InMemoryConnectionSource([])]),
            masker: masker, environment: environment)
        #expect(settings.host == "env.example.com")
        #expect(masker.mask("login failed for env-only-password") == "login failed for ***")

        let withConnection = try SMTPSettings.resolve(
            connID: "smtp_default",
            connections: ConnectionResolver(sources: [InMemoryConnectionSource([GenericConnection(
                connID: "smtp_default", connType: "smtp", host: "conn.example.com", login: "u",
                password: "conn-password-2")])]),
            masker: masker, environment: environment)
        #expect(withConnection.host == "conn.example.com")
        #expect(masker.mask("conn-password-2") == "***")
    }
}
