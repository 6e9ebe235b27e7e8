/// Talend Cloud answered an error status (its `ErrorResponse`: status, message, detail, requestId).
public struct TalendAPIError: Error, Sendable, CustomStringConvertible {
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

    public var description: String {
        var text = "Talend Cloud API: \(operation) answered \(status) \(message)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        if let requestID { text += " (requestId \(requestID))" }
        return text
    }
}
