import Foundation

/// Appends one try's log lines to its file through a buffer, so a try that logs a lot costs a write per 64 KB,
/// not per line, and no more memory than the buffer.
struct TaskLogFileWriter {
    private static let capacity = 64 * 1024

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    let path: String

    /// A writer appending to the open file `descriptor`.
    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Appends `bytes`, writing the buffer when it is full.
    /// - Throws: ``TaskLogFileError`` when the file cannot be written.
    mutating func append(_ bytes: [UInt8]) throws {
        if buffer.isEmpty { buffer.reserveCapacity(min(Self.capacity, max(bytes.count, 4096))) }
        buffer += bytes
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Writes what the buffer holds.
    /// - Throws: ``TaskLogFileError`` when the file cannot be written.
    mutating func flush() throws {
        defer { buffer.removeAll(keepingCapacity: false) }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw TaskLogFileError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Writes the buffer and closes the file.
    /// - Throws: ``TaskLogFileError`` when the last write fails (the file is closed anyway).
    mutating func close() throws {
        defer {
            if descriptor >= 0 { _ = Foundation.close(descriptor) }
            descriptor = -1
        }
        try flush()
    }
}
