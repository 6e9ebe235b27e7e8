import Foundation
import Logging
import Synchronization
import Testing
import Updraft
@testable import UpdraftCLI

@Suite struct ConsoleLoggingTests {
    private let date = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aMessageOfSeveralLinesBecomesOneLine() {
        let message = "pod failed:\n  container base: Error\r\n\n  exit code 3\n"
        #expect(ProgressFormatter.logLine(taskID: "random", level: .error, message: message)
            == "[random] ERROR pod failed: ⏎   container base: Error ⏎   exit code 3")
        let event = RunEvent(date: date, dagID: "d", runID: "r", change: .task(taskID: "random", state: .failed, tryNumber: 2),
                             message: "0/1 nodes are available:\n1 Insufficient memory.")
        #expect(ProgressFormatter.plainLine(for: event)
            == "random: failed (try 2): 0/1 nodes are available: ⏎ 1 Insufficient memory.")
    }

    @Test func controlCharactersFromAPodCannotDriveTheTerminal() {
        #expect(ProgressFormatter.singleLine("\u{1B}[2J\u{1B}[31mred\u{07}\tdone") == "\u{FFFD}[2J\u{FFFD}[31mred\u{FFFD}\tdone")
    }

    @Test func libraryLoggersReachTheConsoleAsOneLineFromWarningsUp() {
        let written = Mutex<[String]>([])
        let dag = try! DAG("d", schedule: .once) { dag in dag.task("a") { _ in } }
        let console = ProgressConsole(dag: dag, mode: .plain) { text in written.withLock { $0.append(text) } }
        ConsoleLogging.attach(console)
        let logger = Logger(label: "updraft.email") { LibraryLogHandler(label: $0) }
        logger.info("email delivered")
        logger.warning("SMTP attempt 1 of 3 failed,\nretrying")
        var tagged = logger
        tagged[metadataKey: LoggingKeys.taskID] = "send_email"
        tagged.info("sent")
        #expect(written.withLock { $0 } == [
            "[updraft] WARNING updraft.email: SMTP attempt 1 of 3 failed, ⏎ retrying\n",
            "[send_email] updraft.email: sent\n",
        ])
    }
}
