import Foundation
import Logging

/// The form of a line in a task log file: one JSON object per line, with the keys of Airflow 3's structured task
/// logs, `{"timestamp":"2026-01-31T06:00:00.123456Z","level":"info","event":"text"}`.
extension TaskLogLine {
    /// Appends the line as it is written to a file, newline included, to `bytes`.
    func appendJSON(to bytes: inout [UInt8]) {
        bytes += #"{"timestamp":""#.utf8
        UTCTimestamp.append(date, to: &bytes)
        bytes += #"Z","level":""#.utf8
        bytes += level.rawValue.utf8
        bytes += #"","event":""#.utf8
        Self.appendEscaped(message, to: &bytes)
        bytes += "\"}\n".utf8
    }

    /// The line written as `text` by ``appendJSON(to:)``; a line that is not such JSON becomes an `info` line with the
    /// text as its message, dated `fallbackDate`.
    init(jsonLine text: Substring, fallbackDate: Date) {
        struct Fields: Decodable {
            var timestamp: String
            var level: String
            var event: String
        }
        if let fields = try? JSONDecoder().decode(Fields.self, from: Data(text.utf8)),
           let date = UTCTimestamp.parse(fields.timestamp) {
            self.init(date: date, level: Logger.Level(rawValue: fields.level) ?? .info, message: fields.event)
        } else {
            self.init(date: fallbackDate, level: .info, message: String(text))
        }
    }

    private static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        // Most lines need no escape: one copy of the whole text.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes += text.utf8
            return
        }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
    }
}
