import UpdraftCurl

/// The lines of a streamed HTTP body (split on `\n`, a trailing `\r` removed), as they arrive.
///
/// A transfer that fails mid-response throws ``KubernetesStreamError`` and drops the unfinished line (a reconnection
/// delivers it whole). A body that ends cleanly after an unfinished line delivers it (a log's last line may lack its
/// newline) unless ``endsMidLineAsCut`` says such an ending is itself a cut (a watch event is always one whole line).
struct HTTPLineSequence: AsyncSequence, Sendable {
    typealias Element = String

    let body: HTTPBodyStream?
    /// The call, for errors.
    let request: String
    /// Whether a clean end after an unfinished line is thrown as a cut instead of delivering the fragment.
    let endsMidLineAsCut: Bool

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPBodyStream.AsyncIterator?
        let request: String
        let endsMidLineAsCut: Bool
        var buffer: [UInt8] = []
        var ended = false

        mutating func next() async throws -> String? {
            while true {
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = buffer[..<newline]
                    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                    let text = String(decoding: line, as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    return text
                }
                guard !ended, let chunk = try await nextChunk() else {
                    ended = true
                    guard !buffer.isEmpty else { return nil }
                    defer { buffer.removeAll() }
                    if endsMidLineAsCut {
                        throw KubernetesStreamError(request: request, reason: "the stream ended in the middle of a line")
                    }
                    return String(decoding: buffer, as: UTF8.self)
                }
                buffer += chunk
            }
        }

        private mutating func nextChunk() async throws -> [UInt8]? {
            do {
                return try await chunks?.next()
            } catch let error as CurlError {
                ended = true
                buffer.removeAll()
                if Task.isCancelled || error.code == .cancelled { throw CancellationError() }
                throw KubernetesStreamError(request: request, reason: "\(error.message) (curl error \(error.curlCode))")
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body?.makeAsyncIterator(), request: request, endsMidLineAsCut: endsMidLineAsCut)
    }
}
