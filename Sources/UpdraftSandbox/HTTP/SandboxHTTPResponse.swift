import Foundation

/// The answer a stand-in's handler gives: a status, headers and either whole bytes or a live stream of chunks.
public struct SandboxHTTPResponse: Sendable {
    /// How the body is delivered.
    public enum Body: Sendable {
        /// The whole body, sent with a `Content-Length`.
        case bytes([UInt8])
        /// A body produced over time, sent with chunked transfer encoding; each element is flushed as it arrives and
        /// the response ends when the stream finishes. If the client goes away the server stops iterating, so the
        /// stream's `onTermination` runs and its producer can stop.
        case stream(AsyncStream<[UInt8]>)
        /// A body of a known `length` produced over time, sent with a `Content-Length`; the stream must yield
        /// exactly `length` bytes (the connection is closed if it yields fewer).
        case sized(length: Int, AsyncStream<[UInt8]>)
    }

    /// The HTTP status code.
    public var status: Int
    /// Response headers; the server adds `Content-Length` or `Transfer-Encoding` itself.
    public var headers: [(name: String, value: String)]
    /// The response body.
    public var body: Body
    /// For a ``Body/stream(_:)`` body: lets the handler end the response by dropping the connection (fault injection).
    public var cut: SandboxStreamCut?

    /// Creates a response.
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - headers: Response headers (framing headers are added by the server).
    ///   - body: The body; empty by default.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`Content-Type: application/json`) with `value` encoded with sorted keys.
    ///
    /// A value that cannot be encoded gives a 500 whose body says so, rather than a crash.
    public static func json(_ status: Int, _ value: some Encodable) -> SandboxHTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            return SandboxHTTPResponse(
                status: status, headers: [("Content-Type", "application/json")], body: .bytes(Array(data)))
        } catch {
            return .text(500, "cannot encode response: \(error)")
        }
    }

    /// A plain-text response (`Content-Type: text/plain; charset=utf-8`).
    public static func text(_ status: Int, _ text: String) -> SandboxHTTPResponse {
        SandboxHTTPResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .bytes(Array(text.utf8)))
    }
}
