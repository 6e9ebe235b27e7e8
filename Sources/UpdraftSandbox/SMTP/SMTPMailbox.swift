import Foundation
import Logging
import Synchronization

/// Where an ``SMTPSink``'s sessions put accepted messages: kept in memory and, optionally, written as `.eml` files.
final class SMTPMailbox: Sendable {
    private let messages = Mutex<[SMTPReceivedMessage]>([])
    private let mailDirectory: String?
    private let logger: Logger

    init(mailDirectory: String?, logger: Logger) {
        self.mailDirectory = mailDirectory
        self.logger = logger
    }

    /// Stores `message`; a file that cannot be written is logged and the message is still kept in memory.
    func store(_ message: SMTPReceivedMessage) {
        var message = message
        let sequence = messages.withLock { $0.count + 1 }
        if let mailDirectory {
            let number = String(sequence)
            let name = String(repeating: "0", count: max(0, 5 - number.count)) + number + "-"
                + UUID().uuidString.prefix(8).lowercased() + ".eml"
            let path = URL(fileURLWithPath: mailDirectory).appendingPathComponent(name).path
            do {
                try FileManager.default.createDirectory(atPath: mailDirectory, withIntermediateDirectories: true)
                try Data(message.data).write(to: URL(fileURLWithPath: path))
                message.file = path
            } catch {
                logger.warning("cannot write received mail", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        messages.withLock { $0.append(message) }
        logger.info(
            "mail received",
            metadata: ["from": "\(message.from)", "to": "\(message.recipients)", "bytes": "\(message.data.count)"])
    }

    /// Every message stored so far, oldest first.
    var all: [SMTPReceivedMessage] { messages.withLock { $0 } }
}
