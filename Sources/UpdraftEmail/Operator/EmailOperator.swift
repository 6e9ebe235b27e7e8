import Logging
public import Updraft

/// Sends an email (Airflow's `EmailOperator`), the last task of the seed DAG:
///
/// ```swift
/// dag.task("send_email", EmailOperator(
///     to: ["ops@example.com"], subject: "Talend Jobs Completed Successfully",
///     htmlContent: "<p>Your containerized Talend jobs have completed successfully.</p>"))
/// ```
///
/// The SMTP server, credentials and default sender come from connection ``connID`` merged with
/// `AIRFLOW__SMTP__*` (see ``SMTPSettings`` for the precedence rule); without such a connection, from
/// `AIRFLOW__SMTP__*` alone, which is how the seed configures it. The task's result is the `Message-ID`.
public struct EmailOperator: Operator {
    /// The `To` recipients: a list, or one `,`/`;` separated string.
    public var to: EmailRecipients
    /// The subject.
    public var subject: String
    /// The HTML body.
    public var htmlContent: String
    /// Paths of files to attach.
    public var files: [String]
    /// The `Cc` recipients.
    public var cc: EmailRecipients
    /// Blind copies: delivered, but named in no header.
    public var bcc: EmailRecipients
    /// The top-level multipart subtype (`mixed`).
    public var mimeSubtype: String
    /// The body charset (`utf-8`).
    public var mimeCharset: String
    /// The `smtp` connection (`smtp_default`).
    public var connID: String
    /// Extra headers.
    public var customHeaders: [String: String]
    /// The sender, `addr` or `Name <addr>`; by default the connection's `from_email` or
    /// `AIRFLOW__SMTP__SMTP_MAIL_FROM`.
    public var fromEmail: String?

    /// Creates the operator with Airflow's parameters and defaults.
    public init(
        to: EmailRecipients, subject: String, htmlContent: String, files: [String] = [], cc: EmailRecipients = [],
        bcc: EmailRecipients = [], mimeSubtype: String = "mixed", mimeCharset: String = "utf-8",
        connID: String = "smtp_default", customHeaders: [String: String] = [:], fromEmail: String? = nil
    ) {
        self.to = to
        self.subject = subject
        self.htmlContent = htmlContent
        self.files = files
        self.cc = cc
        self.bcc = bcc
        self.mimeSubtype = mimeSubtype
        self.mimeCharset = mimeCharset
        self.connID = connID
        self.customHeaders = customHeaders
        self.fromEmail = fromEmail
    }

    /// Reads the attachments, then sends the message through the ``SMTPHook`` of ``connID``.
    /// - Returns: the `Message-ID`.
    /// - Throws: ``EmailError`` for an unreadable file, the hook's delivery error; `FailWithoutRetry` (no retries)
    ///   for an invalid message, a malformed connection or a refusal only a person can fix (login, STARTTLS).
    public func execute(context: TaskContext) async throws -> String {
        try await failingAtOnceWhenPermanent { try await send(context: context) }
    }

    /// The handle kind the operator records its message under, `smtp-message`.
    static let handleKind = "smtp-message"

    private func send(context: TaskContext) async throws -> String {
        if let interrupted = context.interruptedWork, interrupted.kind == Self.handleKind,
           interrupted.attributes["state"] == "accepted" {
            // Accepted by the server before the process running this try died: never sent twice.
            context.logger.info("email \"\(subject)\" was accepted before a restart (Message-ID <\(interrupted.id)>); not sending it again")
            return interrupted.id
        }
        var attachments: [EmailAttachment] = []
        for path in files { attachments.append(try EmailAttachment(contentsOfFile: path)) }
        let message = EmailMessage(
            from: fromEmail, to: to, cc: cc, bcc: bcc, subject: subject, htmlContent: htmlContent,
            attachments: attachments, mimeSubtype: mimeSubtype, mimeCharset: mimeCharset,
            customHeaders: customHeaders, date: context.clock.now())
        let hook = try smtpHook(context)
        context.logger.info("sending email \"\(subject)\" to \(message.to.addresses.joined(separator: ", "))")
        // Before sending, so that a resume after a crash in the middle resends it in the same try (the server may
        // or may not have accepted it: at least once); once accepted, so that a resume never sends it again.
        try await record(id: "", state: "sending", context: context)
        let receipt = try await hook.send(message)
        context.logger.info("email accepted: \(receipt.serverResponse ?? "250"), Message-ID <\(receipt.messageID)>")
        try await record(id: receipt.messageID, state: "accepted", context: context)
        return receipt.messageID
    }

    private func record(id: String, state: String, context: TaskContext) async throws {
        try await context.recordExternalWork(ExternalHandle(kind: Self.handleKind, id: id, attributes: ["state": state],
                                                            recordedAt: context.clock.now()))
    }

    private func smtpHook(_ context: TaskContext) throws -> any SMTPHook {
        // The live hook is cached for the whole run, so it gets the masker but not this task's logger.
        let masker = context.masker
        do {
            return try context.hooks.hook((any SMTPHook).self, connID: connID) { connection in
                CurlSMTPHook(settings: try SMTPSettings(connection: try SMTPConnection(connection)), masker: masker)
            }
        } catch let error as ConnectionError where error.code == .notFound {
            context.logger.info("no connection '\(connID)': SMTP settings from AIRFLOW__SMTP__* and defaults")
            return CurlSMTPHook(settings: try SMTPSettings(connection: nil), masker: masker)
        }
    }
}
