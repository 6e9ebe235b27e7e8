import Foundation
import Synchronization
import Testing
import Logging
import Updraft
@testable import UpdraftCLI
@testable import UpdraftDrawing

@Suite struct ProgressFormatterTests {
    private let date = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func bar() {
        #expect(ProgressFormatter.bar(done: 0, total: 4, width: 8) == "[░░░░░░░░] 0/4")
        #expect(ProgressFormatter.bar(done: 3, total: 4, width: 8) == "[██████░░] 3/4")
        #expect(ProgressFormatter.bar(done: 0, total: 0, width: 4) == "[████] 0/0")
    }

    @Test func frameShowsStatesTriesAndElapsedTime() {
        let frame = ProgressFormatter.frame([
            .init(taskID: "extract", state: .success, tryNumber: 1, maxTries: 1),
            .init(taskID: "flaky", state: .upForRetry, tryNumber: 1, maxTries: 3),
            .init(taskID: "load", state: .pending, tryNumber: 0, maxTries: 1),
        ], elapsed: 65, colour: false)
        #expect(frame == [
            "  ✔ extract   success",
            "  ↻ flaky     up_for_retry    try 1/3",
            "  · load      waiting",
            "  [████████░░░░░░░░░░░░░░░░] 1/3 tasks · 01:05",
        ])
        let narrow = ProgressFormatter.frame([.init(taskID: "extract", state: .running, tryNumber: 1, maxTries: 1)],
                                             elapsed: 0, colour: false, width: 16)
        #expect(narrow == ["  ▶ extract   …", "  [░░░░░░░░░░░…"])
        let coloured = ProgressFormatter.frame([.init(taskID: "a", state: .failed, tryNumber: 1, maxTries: 1)],
                                               elapsed: 0, colour: true)
        #expect(coloured[0].hasPrefix("\u{1B}[31m") && coloured[0].hasSuffix("\u{1B}[0m"))
    }

    @Test func bigDAGsShowOnlyInterestingTasks() {
        let tasks = (0..<40).map { ProgressFormatter.TaskLine(taskID: "t\($0)", state: $0 == 7 ? .running : .success,
                                                              tryNumber: 1, maxTries: 1) }
        let frame = ProgressFormatter.frame(tasks, elapsed: 3, colour: false)
        #expect(frame == ["  ▶ t7        running", "  … 39 more tasks",
                          "  [███████████████████████░] 39/40 tasks · 00:03"])
    }

    @Test func plainLines() {
        func event(_ change: RunEvent.Change, _ message: String? = nil) -> RunEvent {
            RunEvent(date: date, dagID: "d", runID: "r1", change: change, message: message)
        }
        #expect(ProgressFormatter.plainLine(for: event(.task(taskID: "a", state: .running, tryNumber: 2)))
            == "a: running (try 2)")
        #expect(ProgressFormatter.plainLine(for: event(.task(taskID: "a", state: .failed, tryNumber: 1), "boom"))
            == "a: failed (try 1): boom")
        #expect(ProgressFormatter.plainLine(for: event(.task(taskID: "b", state: .skipped, tryNumber: 0)))
            == "b: skipped")
        #expect(ProgressFormatter.plainLine(for: event(.task(taskID: "b", state: .queued, tryNumber: 1))) == nil)
        #expect(ProgressFormatter.plainLine(for: event(.run(.failed), "the run was cancelled"))
            == "run r1: failed (the run was cancelled)")
        #expect(ProgressFormatter.logLine(taskID: "a", level: .info, message: "hi") == "[a] hi")
        #expect(ProgressFormatter.logLine(taskID: nil, level: .error, message: "x") == "[updraft] ERROR x")
    }

    @Test func durations() {
        #expect(DurationText.format(0.42) == "420ms")
        #expect(DurationText.format(3.21) == "3.2s")
        #expect(DurationText.format(65) == "1m 05s")
        #expect(DurationText.format(7380) == "2h 03m")
        #expect(DurationText.clock(3725) == "1:02:05")
    }

    @Test func liveConsoleRedrawsInPlaceAndPrintsLogsAbove() throws {
        let output = Mutex("")
        let dag = try DAG("d") { dag in dag.task("a", EmptyOperator()) }
        let console = ProgressConsole(dag: dag, mode: .live, started: Date()) { text in
            output.withLock { $0 += text }
        }
        console.handle(RunEvent(date: date, dagID: "d", runID: "r", change: .task(taskID: "a", state: .running,
                                                                                  tryNumber: 1)))
        console.log(taskID: "a", level: .info, message: "working")
        console.finish()
        console.tick()
        let text = output.withLock { $0 }
        // The log line comes right after the first frame: it erases the frame and the frame comes back with the
        // next redraw (here the last one), not once per line.
        let frames = text.components(separatedBy: "\u{1B}[2F\u{1B}[J")
        #expect(frames.count == 2)
        #expect(frames[0].contains("▶ a") && frames[0].contains("0/1 tasks"))
        #expect(frames[1].hasPrefix("[a] working\n") && frames[1].contains("▶ a"))
        #expect(frames[1].components(separatedBy: "tasks ·").count == 2)
    }

    @Test func plainConsolePrintsOneLinePerChange() throws {
        let output = Mutex("")
        let dag = try DAG("d") { dag in dag.task("a", EmptyOperator()) }
        let console = ProgressConsole(dag: dag, mode: .plain) { text in output.withLock { $0 += text } }
        console.handle(RunEvent(date: date, dagID: "d", runID: "r", change: .task(taskID: "a", state: .success,
                                                                                  tryNumber: 1)))
        console.log(taskID: "a", level: .warning, message: "careful")
        console.tick()
        #expect(output.withLock { $0 } == "a: success (try 1)\n[a] WARNING careful\n")
    }

    @Test func runParameters() throws {
        #expect(try RunParameters.parseParam("n=42") == .init(key: "n", value: 42))
        #expect(try RunParameters.parseParam("list=[1,\"a\"]") == .init(key: "list", value: [1, "a"]))
        #expect(try RunParameters.parseParam("name=hello world") == .init(key: "name", value: "hello world"))
        #expect(try RunParameters.parseParam("eq=a=b") == .init(key: "eq", value: "a=b"))
        #expect(throws: (any Error).self) { try RunParameters.parseParam("=1") }
        #expect(try RunParameters.parseDate("2026-01-31T06:00:00Z") == Date(timeIntervalSince1970: 1_769_839_200))
        #expect(try RunParameters.parseDate("2026-01-31") == Date(timeIntervalSince1970: 1_769_817_600))
        #expect(try RunParameters.parseDate("2026-01-31T06:00:00.250Z")
            == Date(timeIntervalSince1970: 1_769_839_200.25))
        #expect(throws: (any Error).self) { try RunParameters.parseDate("31/01/2026") }
    }
}
