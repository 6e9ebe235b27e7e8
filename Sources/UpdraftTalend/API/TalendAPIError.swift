public import Updraft

/// Talend Cloud answered an error status (its `ErrorResponse`: status, message, detail, requestId), or a successful
/// status with a body that is not the JSON the API defines (``status`` below 400: a proxy's page, a cut answer).
public struct TalendAPIError: Error, Sendable, CustomStringConvertible, RetryClassifiedError {
    /// What was being done: `start execution of <task>`, `get status of <execution>`, …
    public var operation: String
    /// The HTTP status.
    public var status: Int
    /// Talend's message (or the reason phrase).
    public var message: String
    /// Talend's detail, when given (masked).
    public var detail: String?
    /// Talend's request id, for its support.
    public var requestID: String?

    /// Creates an error.
    public init(operation: String, status: Int, message: String, detail: String? = nil, requestID: String? = nil) {
        self.operation = operation
        self.status = status
        self.message = message
        self.detail = detail
        self.requestID = requestID
    }

    /// 401 and 403: the token or the service account is refused, or lacks a permission; repeating cannot help.
    public var isPermanent: Bool { status == 401 || status == 403 }

    /// Whether a later call may well succeed: 429, a 5xx, or an answer that was not the expected JSON.
    public var isTransient: Bool { status == 429 || status >= 500 || status < 400 }

    public var description: String {
        var text = "Talend Cloud API: \(operation) answered \(status) \(message)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        if let requestID { text += " (requestId \(requestID))" }
        return text
    }
}
