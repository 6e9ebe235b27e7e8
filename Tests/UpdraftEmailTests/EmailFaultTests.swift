import Foundation
import FaultTestSupport
import Testing
import Updraft
import UpdraftEmail
import UpdraftTesting

/// EmailOperator runs with live SMTP hooks built from an `smtp_default` connection, against aiosmtpd: a refusal
/// only a person can fix fails the try at once naming what to change, a connection failure uses the retries, and
/// the password never shows in the console, the run JSON or the report.
@Suite("Email faults", .timeLimit(.minutes(2)))
struct EmailFaultTests {
    private func run(connection: GenericConnection) async throws -> RunOutputs {
        let dag = try DAG("email_faults") { dag in
            dag.task("send_email", EmailOperator(to: "ops@example.com", subject: "done", htmlContent: "<p>ok</p>"),
                     options: TaskOptions(retries: 2, retryDelay: .seconds(30)))
        }
        return try await RunOutputs.run(
            dag, connections: ConnectionResolver(sources: [InMemoryConnectionSource([connection])]),
            clock: ManualClock(autoAdvance: true), masker: SecretMasker())
    }

    private func connection(port: Int, password: String, extra: [String: JSONValue] = [:]) -> GenericConnection {
        GenericConnection(connID: "smtp_default", connType: "smtp", host: "127.0.0.1", login: "updraft",
                          password: password, port: port, extra: extra)
    }

    @Test func aServerWithoutSTARTTLSFailsAtOnceNamingTheSetting() async throws {
        let sink = try await SMTPSink.start(.plain, auth: true)
        defer { sink.stop() }
        let outputs = try await run(connection: connection(port: sink.port, password: SMTPSink.password))
        let task = try #require(outputs.result.taskInstances["send_email"])
        #expect(task.state == .failed && task.tryNumber == 1, "retrying cannot make the server offer STARTTLS")
        let error = try #require(task.error)
        #expect(error.contains("tlsUnavailable"), "\(error)")
        #expect(error.contains("set AIRFLOW__SMTP__SMTP_STARTTLS=False"), "\(error)")
        #expect(outputs.console.contains("AIRFLOW__SMTP__SMTP_STARTTLS=False"))
        #expect(sink.messageCount == 0)
        #expect(outputs.outputs(containing: SMTPSink.password).isEmpty)
    }

    @Test func aRefusedLoginFailsAtOnceWithoutThePassword() async throws {
        let sink = try await SMTPSink.start(.plain, auth: true)
        defer { sink.stop() }
        let wrong = "wrong-smtp-password-8812"
        let outputs = try await run(connection: connection(port: sink.port, password: wrong,
                                                           extra: ["disable_tls": true]))
        let task = try #require(outputs.result.taskInstances["send_email"])
        #expect(task.state == .failed && task.tryNumber == 1)
        #expect(task.error?.contains("loginDenied") == true, "\(task.error ?? "")")
        #expect(outputs.outputs(containing: wrong).isEmpty)
    }

    @Test func aServerThatCannotBeReachedUsesTheRetries() async throws {
        let outputs = try await run(connection: connection(port: 9, password: "unused-password-31",
                                                           extra: ["retry_limit": 1]))
        let task = try #require(outputs.result.taskInstances["send_email"])
        #expect(task.state == .failed && task.tryNumber == 3, "a connection failure may heal")
        #expect(task.error?.contains("couldNotConnect") == true, "\(task.error ?? "")")
        #expect(outputs.outputs(containing: "unused-password-31").isEmpty)
    }
}
