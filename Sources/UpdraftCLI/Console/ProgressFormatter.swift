public import Foundation
public import Logging
public import Updraft
import UpdraftDrawing

/// The text of the live progress display and of the plain progress lines (pure functions, so they are tested
/// without a terminal).
public enum ProgressFormatter {
    /// A task as the display shows it.
    public struct TaskLine: Sendable, Hashable {
        /// The task id.
        public var taskID: String
        /// Its state.
        public var state: TaskInstanceState
        /// The current or last try (0 before the first).
        public var tryNumber: Int
        /// Retries + 1.
        public var maxTries: Int

        /// Creates a line.
        public init(taskID: String, state: TaskInstanceState, tryNumber: Int, maxTries: Int) {
            self.taskID = taskID
            self.state = state
            self.tryNumber = tryNumber
            self.maxTries = maxTries
        }
    }

    /// The most task lines a live frame shows; bigger DAGs show their active and failed tasks only.
    public static let maxFrameTasks = 15

    /// `[#####-----] 3/6` style bar of `width` cells.
    public static func bar(done: Int, total: Int, width: Int = 24) -> String {
        let filled = total == 0 ? width : min(width, done * width / total)
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            + "] \(done)/\(total)"
    }

    /// The live frame: one line per task (or per interesting task for big DAGs) and the progress bar with the
    /// elapsed time. `colour` adds ANSI colours; lines are cut to `width` columns when given (a wrapped line would
    /// make the next redraw erase the wrong lines).
    public static func frame(_ tasks: [TaskLine], elapsed: TimeInterval, colour: Bool,
                             width: Int? = nil) -> [String] {
        let done = tasks.count { $0.state.isFinished }
        var shown = tasks
        var hidden = 0
        if tasks.count > maxFrameTasks {
            let interesting = tasks.filter { ![.pending, .success, .skipped].contains($0.state) }
            shown = Array(interesting.prefix(maxFrameTasks))
            hidden = tasks.count - shown.count
        }
        let nameWidth = min(max(shown.map(\.taskID.count).max() ?? 0, 8), 40)
        var lines = shown.map { task in
            let name = task.taskID.count > nameWidth ? String(task.taskID.prefix(nameWidth - 1)) + "…"
                : task.taskID.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            var line = "  \(symbol(task.state)) \(name)  \(label(task.state).padding(toLength: 15, withPad: " ", startingAt: 0))"
            if task.maxTries > 1, task.tryNumber > 0 { line += " try \(task.tryNumber)/\(task.maxTries)" }
            line = cut(line.trimmingTrailingSpaces(), to: width)
            return colour ? paint(line, task.state) : line
        }
        if hidden > 0 { lines.append("  … \(hidden) more task\(hidden == 1 ? "" : "s")") }
        lines.append(cut("  \(bar(done: done, total: tasks.count)) tasks · \(DurationText.clock(elapsed))", to: width))
        return lines
    }

    private static func cut(_ line: String, to width: Int?) -> String {
        guard let width, width > 1, line.count >= width else { return line }
        return String(line.prefix(width - 2)) + "…"
    }

    /// The plain line for an event (output that is not a terminal): `extract: running (try 1)`; nil for the
    /// bookkeeping states (waiting, scheduled, queued), which would only add noise to a log.
    public static func plainLine(for event: RunEvent) -> String? {
        switch event.change {
        case .run(let state):
            return "run \(event.runID): \(state.rawValue)" + (event.message.map { " (\($0))" } ?? "")
        case .task(let taskID, let state, let tryNumber):
            guard ![.pending, .scheduled, .queued].contains(state) else { return nil }
            var line = "\(taskID): \(label(state))"
            if tryNumber > 0, state != .pending { line += " (try \(tryNumber))" }
            if let message = event.message { line += ": \(singleLine(message))" }
            return line
        }
    }

    /// A task log line, prefixed by its task id: `[extract] read 3 rows`; levels other than info are named. A
    /// message of several lines (a cluster's error, a stack of causes) becomes one line.
    public static func logLine(taskID: String?, level: Logger.Level, message: String) -> String {
        let prefix = taskID.map { "[\($0)] " } ?? "[updraft] "
        return prefix + (level == .info ? "" : level.rawValue.uppercased() + " ") + singleLine(message)
    }

    /// `text` on one line, so piped output has one line per event: its lines joined with ` ⏎ ` (blank ones
    /// dropped), and control characters that would move the cursor or recolour the terminal (from a pod's log, a
    /// server's error) shown as `�`.
    public static func singleLine(_ text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return lines.map { line in
            String(line.map { character -> Character in
                guard let scalar = character.unicodeScalars.first, character != "\t",
                      scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                else { return character }
                return "\u{FFFD}"
            })
        }.filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: " ⏎ ")
    }

    /// How a state reads in progress output.
    public static func label(_ state: TaskInstanceState) -> String {
        state == .pending ? "waiting" : state.rawValue
    }

    private static func symbol(_ state: TaskInstanceState) -> String {
        switch state {
        case .success: "✔"
        case .failed, .upstreamFailed: "✘"
        case .running: "▶"
        case .upForRetry: "↻"
        case .skipped: "⤼"
        case .scheduled, .queued: "○"
        case .pending, .removed: "·"
        }
    }

    private static func paint(_ text: String, _ state: TaskInstanceState) -> String {
        let code = switch state {
        case .success: "32"
        case .failed: "31"
        case .upstreamFailed: "33"
        case .running: "36"
        case .upForRetry: "93"
        case .skipped: "35"
        case .scheduled, .queued, .pending, .removed: "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
