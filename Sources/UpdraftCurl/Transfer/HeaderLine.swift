/// One line from libcurl's header callback, parsed in place on the raw bytes.
///
/// This runs on the loop thread for every header of every response, so it avoids `Character`-level `String`
/// work (grapheme breaking, generic slices): it trims and splits bytes and makes at most two `String`s.
struct HeaderLine {
    /// The line without its trailing CR/LF.
    let bytes: UnsafeRawBufferPointer

    init(_ raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == UInt8(ascii: "\n") || raw[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        bytes = UnsafeRawBufferPointer(rebasing: raw[0..<end])
    }

    /// The blank line that ends a header block.
    var isEmpty: Bool { bytes.isEmpty }

    /// A status line (`HTTP/1.1 200 OK`, `HTTP/2 200`), which starts a new response.
    var isStatusLine: Bool { bytes.starts(with: "HTTP/".utf8) }

    /// The first byte, for an SMTP reply's class (`2`, `4`, `5`).
    var first: UInt8? { bytes.first }

    /// The whole line as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// `Name: value` split at the first colon, the value without surrounding spaces or tabs; `nil` otherwise.
    var field: HTTPHeaders.Field? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var start = colon + 1
        var end = bytes.count
        while start < end, Self.isBlank(bytes[start]) { start += 1 }
        while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
        return HTTPHeaders.Field(
            name: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<colon]), as: UTF8.self),
            value: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
