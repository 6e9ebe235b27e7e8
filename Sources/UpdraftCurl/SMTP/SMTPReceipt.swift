/// What the server answered when it accepted a message.
public struct SMTPReceipt: Sendable {
    /// The recipients the server accepted (all of them: a rejected one fails the whole send).
    public var recipients: [String]
    /// The final reply code, normally 250.
    public var responseCode: Int
    /// The server's final reply line, for example `250 OK queued as 4BqY2m`.
    public var serverResponse: String?
}
