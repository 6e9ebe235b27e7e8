import Foundation

/// Why an email could not be built, configured or sent.
///
/// Messages name the field, header, file or setting concerned; they never contain a password, and they quote a
/// rejected value only with its line breaks escaped, so an error cannot itself carry an injected header.
public struct EmailError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for programmatic handling.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A subject, address, display name, header name or value contains CR, LF or NUL (header injection).
        public static let headerInjection = Code("headerInjection")
        /// An address is not a plain ASCII `local@domain` (optionally `Name <local@domain>`).
        public static let invalidAddress = Code("invalidAddress")
        /// The message has no To, Cc or Bcc recipient.
        public static let noRecipients = Code("noRecipients")
        /// A custom header is malformed or would replace a header the MIME structure owns.
        public static let invalidHeader = Code("invalidHeader")
        /// The MIME subtype or charset is not a valid token, or the charset is unsupported or cannot encode the body.
        public static let invalidMIMEParameter = Code("invalidMIMEParameter")
        /// An attachment file could not be read.
        public static let attachmentUnreadable = Code("attachmentUnreadable")
        /// An `AIRFLOW__SMTP__*` / `AIRFLOW__EMAIL__*` variable has a value of the wrong type.
        public static let invalidSetting = Code("invalidSetting")

        /// The code's name, stable and safe as a metric label.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong and where.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `email.<code>: <message>`.
    public var description: String { "email.\(code): \(message)" }

    /// `text` with CR, LF and NUL shown as escapes, for quoting rejected input in a message.
    static func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\0", with: "\\0")
        return "\"\(escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped)\""
    }
}
