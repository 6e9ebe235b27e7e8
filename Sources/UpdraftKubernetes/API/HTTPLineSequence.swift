import UpdraftCurl

/// The lines of a streamed HTTP body (split on `\n`, a trailing `\r` removed), as they arrive. A last line
/// without a newline is delivered when the body ends.
struct HTTPLineSequence: AsyncSequence, Sendable {
    typealias Element = String

    let body: HTTPBodyStream?

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPBodyStream.AsyncIterator?
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
                guard !ended, let chunk = try await chunks?.next() else {
                    ended = true
                    guard !buffer.isEmpty else { return nil }
                    defer { buffer.removeAll() }
                    return String(decoding: buffer, as: UTF8.self)
                }
                buffer += chunk
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: body?.makeAsyncIterator()) }
}
