import Foundation
import Updraft
public import UpdraftEmail

/// A recording `SMTPHook` for tests: every message is rendered (so an invalid one fails as it would live) and
/// recorded; nothing is sent.
///
/// ```swift
/// let smtp = MockSMTPHook()
/// let result = try await dag.test(hooks: ["smtp_default": smtp])
/// #expect(smtp.sent.first?.message.subject == "Talend Jobs Completed Successfully")
/// ```
public struct MockSMTPHook: SMTPHook {
    /// One message the hook accepted.
    public struct Sent: Sendable {
        /// The message as the operator built it.
        public var message: EmailMessage
        /// The message as it would go on the wire.
        public var rendered: RenderedEmail
    }

    /// The sender used when a message names none.
    public let defaultFrom: String
    /// Every accepted message, in order; `await calls.waitForCount(n)` waits for them.
    public let calls = CallRecorder<Sent>()
    private let failure: (any Error)?

    /// A hook that accepts every valid message, or fails every send with `failure`.
    public init(defaultFrom: String = "airflow@example.com", failure: (any Error)? = nil) {
        self.defaultFrom = defaultFrom
        self.failure = failure
    }

    /// The accepted messages so far.
    public var sent: [Sent] { calls.all }

    /// Renders and records `message`, or throws the configured failure.
    public func send(_ message: EmailMessage) async throws -> EmailReceipt {
        if let failure { throw failure }
        let rendered = try message.render(defaultFrom: defaultFrom)
        calls.record(Sent(message: message, rendered: rendered))
        return EmailReceipt(messageID: rendered.messageID, recipients: rendered.recipients,
                            serverResponse: "250 OK (mock)")
    }
}
