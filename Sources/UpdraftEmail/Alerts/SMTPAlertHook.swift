public import Foundation
public import Updraft

/// Mails `emailOnFailure` / `emailOnRetry` alerts through an ``SMTPHook``, with Airflow's default subject and body.
///
/// Give it to the engine (`Engine.Configuration(alertHook:)`, or `dag.test(alertHook:)`). It uses the same
/// ``SMTPSettings`` as the ``EmailOperator``, so alerts and the operator never disagree on server or sender.
/// The engine logs a failure to send an alert in the task's log; it never changes the task's outcome.
///
/// ```swift
/// let masker = SecretMasker()
/// let alerts = try SMTPAlertHook(masker: masker)   // connection `smtp_default`, else AIRFLOW__SMTP__*
/// let engine = Engine(configuration: .init(alertHook: alerts, masker: masker))
/// ```
public struct SMTPAlertHook: AlertHook {
    /// Delivers the alerts.
    public let hook: any SMTPHook
    /// The sender; `nil` uses the hook's default sender.
    public var fromEmail: String?
    /// The web address the alert's `Log` and `Mark success` links start with (Airflow's `base_url`).
    public var baseURL: String

    /// An alert hook over `hook` (a ``CurlSMTPHook``, or a mock in tests).
    public init(hook: any SMTPHook, fromEmail: String? = nil, baseURL: String = "http://localhost:8080") {
        self.hook = hook
        self.fromEmail = fromEmail
        self.baseURL = baseURL
    }

    /// An alert hook over a live ``CurlSMTPHook`` whose settings are resolved like the operator's
    /// (``SMTPSettings/resolve(connID:connections:masker:environment:)``).
    /// - Parameters:
    ///   - connID: the `smtp` connection; by default `AIRFLOW__EMAIL__EMAIL_CONN_ID`, else `smtp_default`.
    ///   - connections: where the connection is looked up (the environment by default).
    ///   - masker: receives the password; pass the engine's masker.
    ///   - environment: where `AIRFLOW__SMTP__*` and `AIRFLOW__EMAIL__*` are read. `AIRFLOW__EMAIL__FROM_EMAIL`
    ///     sets ``fromEmail``.
    ///   - baseURL: the web address the alert's `Log` and `Mark success` links start with (Airflow's `base_url`).
    /// - Throws: `ConnectionError` or ``EmailError`` for malformed settings.
    public init(
        connID: String? = nil, connections: ConnectionResolver = ConnectionResolver(), masker: SecretMasker,
        environment: [String: String] = ProcessInfo.processInfo.environment, baseURL: String = "http://localhost:8080"
    ) throws {
        let variables = AirflowVariables(environment: environment)
        let settings = try SMTPSettings.resolve(
            connID: connID ?? variables.string("EMAIL", "EMAIL_CONN_ID") ?? "smtp_default", connections: connections,
            masker: masker, environment: environment)
        self.init(hook: CurlSMTPHook(settings: settings, masker: masker),
                  fromEmail: variables.string("EMAIL", "FROM_EMAIL"), baseURL: baseURL)
    }

    /// Sends the alert to its recipients.
    /// - Throws: the hook's error.
    public func send(_ alert: TaskAlert) async throws {
        _ = try await hook.send(EmailMessage(
            from: fromEmail, to: alert.recipients, subject: Self.subject(for: alert),
            htmlContent: Self.htmlContent(for: alert, baseURL: baseURL)))
    }

    /// Airflow's subject, `Airflow alert: <TaskInstance: dag.task run_id [failed]>` (`[up_for_retry]` for a retry).
    public static func subject(for alert: TaskAlert) -> String {
        let state = alert.kind == .failure ? "failed" : "up_for_retry"
        return "Airflow alert: <TaskInstance: \(alert.dagID).\(alert.taskID) \(alert.runID) [\(state)]>"
    }

    /// Airflow's body: try number out of tries, the exception (HTML-escaped, line breaks as `<br>`), the log link,
    /// the host and the mark-success link.
    public static func htmlContent(for alert: TaskAlert, baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let logURL = "\(base)/dags/\(pathSegment(alert.dagID))/runs/\(pathSegment(alert.runID))/tasks/"
            + "\(pathSegment(alert.taskID))?try_number=\(alert.tryNumber)"
        let markSuccessURL = "\(base)/confirm?task_id=\(pathSegment(alert.taskID))&dag_id=\(pathSegment(alert.dagID))"
            + "&dag_run_id=\(pathSegment(alert.runID))&upstream=false&downstream=false&state=success"
        return """
            Try \(alert.tryNumber) out of \(alert.maxTries)<br>\
            Exception:<br>\(escape(alert.error).replacingOccurrences(of: "\n", with: "<br>"))<br>\
            Log: <a href="\(escape(logURL))">Link</a><br>\
            Host: \(escape(alert.hostname))<br>\
            Mark success: <a href="\(escape(markSuccessURL))">Link</a><br>
            """
    }

    private static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
