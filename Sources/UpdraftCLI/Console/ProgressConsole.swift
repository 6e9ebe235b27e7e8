import Foundation
import Logging
import Synchronization
import Updraft

/// Shows a run's progress: on a terminal a frame of task states, a progress bar and the elapsed time, redrawn in
/// place with ANSI escapes, with task log lines scrolling above it; elsewhere one plain line per state change and
/// per log line. Events and log lines arrive from any thread; one lock orders the output.
final class ProgressConsole: Sendable {
    /// How progress is shown.
    enum Mode: Sendable {
        /// Redrawn frame (a terminal).
        case live
        /// Plain lines (a pipe or a file).
        case plain
    }

    private struct State {
        var lines: [ProgressFormatter.TaskLine]
        var indexByID: [String: Int]
        var frameHeight = 0
        var finished = false
        var lastDraw = Date.distantPast
    }

    /// State changes closer together than this are drawn by the next tick, so a DAG of thousands of short tasks
    /// does not spend its time redrawing.
    static let minimumRedrawInterval: TimeInterval = 0.05

    let mode: Mode
    private let state: Mutex<State>
    private let write: @Sendable (String) -> Void
    private let started: Date

    /// A console for the tasks of `dag`, writing with `write`.
    init(dag: DAG, mode: Mode, started: Date = Date(), write: @escaping @Sendable (String) -> Void) {
        let lines = dag.tasks.map {
            ProgressFormatter.TaskLine(taskID: $0.taskID, state: .pending, tryNumber: 0, maxTries: $0.retries + 1)
        }
        let indexByID = Dictionary(lines.enumerated().map { ($1.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        self.state = Mutex(State(lines: lines, indexByID: indexByID))
        self.mode = mode
        self.started = started
        self.write = write
        ConsoleLogging.attach(self)
    }

    /// Live when standard output is a terminal (and `TERM` is not `dumb`), plain otherwise.
    static var standardOutputMode: Mode {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? .live : .plain
    }

    /// Writes to standard output, unbuffered.
    static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Records a state change and shows it.
    func handle(_ event: RunEvent) {
        state.withLock { state in
            if case .task(let taskID, let newState, let tryNumber) = event.change, let index = state.indexByID[taskID] {
                state.lines[index].state = newState
                state.lines[index].tryNumber = tryNumber
            }
            switch mode {
            case .plain: if let line = ProgressFormatter.plainLine(for: event) { write(line + "\n") }
            case .live:
                if Date().timeIntervalSince(state.lastDraw) >= Self.minimumRedrawInterval {
                    redraw(&state, above: nil)
                }
            }
        }
    }

    /// Shows a log line (above the frame when live; the frame comes back at once, or with the next tick when
    /// lines arrive faster than ``minimumRedrawInterval``).
    func log(taskID: String?, level: Logger.Level, message: String) {
        let line = ProgressFormatter.logLine(taskID: taskID, level: level, message: message)
        state.withLock { state in
            switch mode {
            case .plain:
                write(line + "\n")
            case .live:
                if state.finished || Date().timeIntervalSince(state.lastDraw) >= Self.minimumRedrawInterval {
                    redraw(&state, above: line)
                } else {
                    write(Self.erase(state.frameHeight) + line + "\n")
                    state.frameHeight = 0
                }
            }
        }
    }

    /// Shows a note of the command line itself (above the frame when live).
    func note(_ text: String) {
        let text = ProgressFormatter.singleLine(text)
        state.withLock { state in
            switch mode {
            case .plain: write(text + "\n")
            case .live: redraw(&state, above: text)
            }
        }
    }

    /// Redraws the frame so the elapsed time moves and throttled changes show (the run calls it every 100 ms);
    /// nothing in plain mode or after
    /// ``finish()``.
    func tick() {
        guard mode == .live else { return }
        state.withLock { state in redraw(&state, above: nil) }
    }

    /// Draws the last frame, which stays on screen; later calls draw nothing more.
    func finish() {
        state.withLock { state in
            if mode == .live { redraw(&state, above: nil) }
            state.finished = true
        }
    }

    /// Moves to the first line of a frame `height` lines high and clears to the end of the screen.
    private static func erase(_ height: Int) -> String {
        height > 0 ? "\u{1B}[\(height)F\u{1B}[J" : ""
    }

    private func redraw(_ state: inout State, above line: String?) {
        guard !state.finished else {
            if let line { write(line + "\n") }
            return
        }
        var output = Self.erase(state.frameHeight)
        if let line { output += line + "\n" }
        let now = Date()
        let frame = ProgressFormatter.frame(state.lines, elapsed: now.timeIntervalSince(started), colour: true,
                                            width: TerminalSize.columns())
        output += frame.joined(separator: "\n") + "\n"
        state.frameHeight = frame.count
        state.lastDraw = now
        write(output)
    }
}
