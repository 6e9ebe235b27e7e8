import Foundation
import UpdraftDrawing
import Updraft

/// Writes a ``RunArchive`` as the JSON its `Codable` conformance reads back, one task at a time: `JSONEncoder`
/// builds a whole document as a tree before writing a byte, which for a run of 40,000 tasks took more memory than
/// the run itself.
struct RunArchiveWriter {
    let encoder: JSONEncoder

    /// Writes `archive` to `url`, replacing it atomically (through a temporary file beside it).
    func write(_ archive: RunArchive, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appending(path: ".\(url.lastPathComponent).\(getpid()).tmp", directoryHint: .notDirectory)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            var buffer = Data()
            func flushIfFull() throws {
                guard buffer.count >= 1 << 18 else { return }
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            // Keys as `Codable` names them, in sorted order.
            buffer += Data("{\"formatVersion\":\(archive.formatVersion),\"graph\":{\"dagID\":".utf8)
            buffer += try encoder.encode(archive.graph.dagID)
            buffer += Data(",\"tasks\":[".utf8)
            for (position, node) in archive.graph.tasks.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer += try encoder.encode(node)
                try flushIfFull()
            }
            buffer += Data("]},\"run\":".utf8)
            buffer += try encoder.encode(archive.run)
            buffer += Data(",\"tasks\":[".utf8)
            for (position, entry) in archive.tasks.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer += try encoder.encode(entry)
                try flushIfFull()
            }
            buffer += Data("]}\n".utf8)
            try handle.write(contentsOf: buffer)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                           NSLocalizedDescriptionKey: reason])
        }
    }
}
