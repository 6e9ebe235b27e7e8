/// A response whose status and headers have arrived and whose body arrives as it is produced, for endless
/// responses such as Kubernetes `follow=true` logs and watch streams.
public struct HTTPStreamingResponse: Sendable {
    /// The status code of the final response.
    public var status: Int
    /// The header fields of the final response.
    public var headers: HTTPHeaders
    /// The body, chunk by chunk. Dropping it (or cancelling the task iterating it) aborts the transfer.
    public var body: HTTPBodyStream
}
