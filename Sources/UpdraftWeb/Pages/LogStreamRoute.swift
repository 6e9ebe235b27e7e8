import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Updraft
import UpdraftDrawing

/// `GET …/tasks/{task_id}/logs/{try}/stream`: a try's log as server-sent events — every line written so far, then
/// each new line as the engine appends it (woken by the file changing and by the store's change signals, never by
/// polling), then, once it has ended and its last lines reached the file (or 300 ms passed), an `end` event carrying
/// the try's state. Each line is a JSON message (`time`, `level`, `message`), masked. A comment every 15 seconds
/// keeps proxies from closing an idle stream.
struct LogStreamRoute: Sendable {
    let web: WebContext
    let logger: Logger

    static let keepAlive = Duration.seconds(15)

    private struct Message: Encodable {
        let time: String
        let level: String
        let message: String
    }

    /// How long the stream waits, once the try is seen ended, for its last lines to reach the file.
    static let endGrace = Duration.milliseconds(300)

    private enum Wake: Sendable {
        case fileChanged
        case storeChanged
        case keepAlive
        case graceOver
    }

    func stream(run: DAGRunRecord, taskID: String, tryNumber: Int) throws -> Response {
        guard let directory = web.logDirectory else {
            throw PageError(.notFound, "this service keeps no task log files")
        }
        let web = self.web, logger = self.logger
        var headers = HTMLPage.securityHeaders
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (wakes, wake) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(4))
            let folder = directory.taskDirectory(dagID: run.dagID, runID: run.runID, taskID: taskID)
            try await withThrowingTaskGroup(of: Void.self) { feeders in
                feeders.addTask {
                    for await _ in DirectoryChanges.stream(of: folder) { wake.yield(.fileChanged) }
                }
                feeders.addTask {
                    for await _ in web.store.changeSignals() { wake.yield(.storeChanged) }
                }
                feeders.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: Self.keepAlive)
                        wake.yield(.keepAlive)
                    }
                }
                defer { feeders.cancelAll() }
                logger.debug("following a task log", metadata: [
                    "dag_id": "\(run.dagID)", "run_id": "\(run.runID)", "task_id": "\(taskID)", "try_number": "\(tryNumber)"])
                var offset: UInt64 = 0
                var iterator = wakes.makeAsyncIterator()
                var lastLinesAwaited = false
                while true {
                    let ended = try await Self.endedState(of: taskID, tryNumber: tryNumber, run: run, store: web.store)
                    let (lines, next) = try directory.lines(dagID: run.dagID, runID: run.runID, taskID: taskID,
                                                            tryNumber: tryNumber, from: offset)
                    offset = next
                    if !lines.isEmpty { try await writer.write(Self.events(lines, masker: web.masker)) }
                    if let ended, lastLinesAwaited {
                        try await writer.write(ByteBuffer(string: "event: end\ndata: \(ended.rawValue)\n\n"))
                        break
                    }
                    // The engine hands a try's last lines to its log writer as the try ends, beside (not before) the
                    // store write saying it ended: once it is seen ended, the file gets a moment to catch up, cut
                    // short by its change.
                    if ended != nil {
                        lastLinesAwaited = true
                        feeders.addTask {
                            try await Task.sleep(for: Self.endGrace)
                            wake.yield(.graceOver)
                        }
                    }
                    guard try await Self.nextWake(&iterator, onlyFileOrGrace: lastLinesAwaited, writer: &writer) else {
                        break
                    }
                }
            }
            try await writer.finish(nil)
        })
    }

    /// Waits for a reason to read again (any change; at the end only the file's or the grace's), writing keep-alive
    /// comments meanwhile; false when the stream is cancelled.
    private static func nextWake(_ iterator: inout AsyncStream<Wake>.Iterator, onlyFileOrGrace: Bool,
                                 writer: inout any ResponseBodyWriter) async throws -> Bool {
        while let reason = await iterator.next() {
            switch reason {
            case .keepAlive:
                // Also the bound of the wait for the last lines, should the grace's wake-up have been dropped.
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                return true
            case .storeChanged:
                if !onlyFileOrGrace { return true }
            case .fileChanged, .graceOver:
                return true
            }
        }
        return false
    }

    /// The try's final state once it has ended (a later try exists, or its record has an end), else nil.
    static func endedState(of taskID: String, tryNumber: Int, run: DAGRunRecord,
                           store: any RunStore) async throws -> TaskInstanceState? {
        guard let instance = try await store.taskInstances(dagID: run.dagID, runID: run.runID)
            .first(where: { $0.taskID == taskID }) else { return nil }
        if let attempt = instance.tries.first(where: { $0.tryNumber == tryNumber }) {
            return attempt.endDate == nil ? nil : attempt.state
        }
        return instance.tryNumber > tryNumber || (instance.state.isFinished && instance.tryNumber >= tryNumber)
            ? instance.state : nil
    }

    private static func events(_ lines: [TaskLogLine], masker: SecretMasker) -> ByteBuffer {
        let encoder = JSONEncoder()
        var text = ""
        for line in lines {
            let message = Message(time: DurationText.timeOfDay(line.date), level: line.level.rawValue, message: masker.mask(line.message))
            guard let data = try? encoder.encode(message) else { continue }
            text += "data: " + String(decoding: data, as: UTF8.self) + "\n\n"
        }
        return ByteBuffer(string: text)
    }
}
