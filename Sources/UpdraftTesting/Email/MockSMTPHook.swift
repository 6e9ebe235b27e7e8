import Foundation
import Updraft
import UpdraftCurl
public import UpdraftEmail
import Synchronization

/// A recording `SMTPHook` for tests: every message is rendered (so an invalid one fails as it would live) and
/// recorded with the server's reply; nothing is sent. Replies are scripted per send, the last repeating: each try
/// of an `EmailOperator` sends once, so `tries: [.refused(), .accept]` refuses the first try and accepts the retry.
///
/// ```swift
/// let smtp = MockSMTPHook(tries: [.refused("451 4.3.0 try again later"), .accept])
/// let result = try await dag.test(hooks: ["smtp_default": smtp])
/// #expect(smtp.calls.accepted.map(\.message.subject) == ["Talend Jobs Completed Successfully"])
/// ```
public final class MockSMTPHook: SMTPHook {
    /// What the server answers to one send.
    public enum Reply: Sendable {
        /// `250 OK`.
        case accept
        /// The send fails with this error.
        case fail(any Error)

        /// The server refuses the recipients with `serverResponse`, reported as the live hook reports it: a
        /// `CurlError` `recipientRejected` ("RCPT failed: 550") carrying the server's reply.
        public static func refused(_ serverResponse: String = "550 5.1.1 Recipient address rejected") -> Reply {
            .fail(CurlError(code: .recipientRejected, curlCode: 55, message: "RCPT failed: \(serverResponse.prefix(3))",
                            url: "smtp://mock-smtp:25", serverResponse: serverResponse))
        }
    }

    /// One message a ``MockSMTPHook`` received.
    public struct Call: Sendable {
        /// The message as the operator built it.
        public var message: EmailMessage
        /// The message as it would go on the wire (sender, envelope recipients, MIME text).
        public var rendered: RenderedEmail
        /// The 1-based number of this send.
        public var sendNumber: Int
        /// The error the send failed with; nil when the server accepted it.
        public var failure: (any Error)?

        /// Whether the server accepted it.
        public var accepted: Bool { failure == nil }
    }

    /// The sender used when a message names none.
    public let defaultFrom: String
    /// Every message received, accepted or refused, in order (`calls.accepted` is a view of it).
    public let calls = CallRecorder<Call>()
    private let replies: [Reply]
    private let sends = Mutex(0)

    /// A hook replying `tries` to successive sends, the last one repeating.
    public init(defaultFrom: String = "airflow@example.com", tries: [Reply]) {
        self.defaultFrom = defaultFrom
        self.replies = tries.isEmpty ? [.accept] : tries
    }

    /// A hook that accepts every valid message, or fails every send with `failure`.
    public convenience init(defaultFrom: String = "airflow@example.com", failure: (any Error)? = nil) {
        self.init(defaultFrom: defaultFrom, tries: [failure.map { .fail($0) } ?? .accept])
    }

    /// Renders `message`, records it and answers as scripted.
    /// - Throws: `EmailError` for an invalid message (nothing recorded, as nothing would be sent), or the
    ///   scripted failure.
    public func send(_ message: EmailMessage) async throws -> EmailReceipt {
        let rendered = try message.render(defaultFrom: defaultFrom)
        let number = sends.withLock { count in
            count += 1
            return count
        }
        let reply = replies[min(number, replies.count) - 1]
        var call = Call(message: message, rendered: rendered, sendNumber: number)
        if case .fail(let error) = reply { call.failure = error }
        calls.record(call)
        if let failure = call.failure { throw failure }
        return EmailReceipt(messageID: rendered.messageID, recipients: rendered.recipients,
                            serverResponse: "250 OK (mock)")
    }
}

extension CallRecorder where Call == MockSMTPHook.Call {
    /// The messages the server accepted, in order.
    public var accepted: [MockSMTPHook.Call] { all.filter(\.accepted) }
}
