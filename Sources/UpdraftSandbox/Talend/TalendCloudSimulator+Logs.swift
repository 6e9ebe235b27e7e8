import Foundation

extension TalendCloudSimulator {
    /// One entry of the log endpoint's `data` array.
    private struct LogEntry: Encodable {
        var logTimestamp: Int64
        var severity: String
        var logMessage: String
    }

    /// The log endpoint's page: `nextIndex` is omitted on the last page.
    private struct LogPage: Encodable {
        var data: [LogEntry]
        var nextIndex: Int?
    }

    /// The largest `count` Talend accepts.
    static let maximumLogPageSize = 200

    /// `GET /monitoring/executions/{id}/logs?count=&startIndex=&order=`: a page of the run's log lines, 404 when
    /// the run is unknown or never started.
    static func logs(
        _ request: SandboxHTTPRequest, execution: TalendExecution?, executionID: String
    ) -> SandboxHTTPResponse {
        guard let count = integer(request.queryValue("count"), default: 100), (1...maximumLogPageSize).contains(count)
        else {
            return TalendErrorResponse.badRequest("count must be an integer between 1 and \(maximumLogPageSize)").response
        }
        guard let startIndex = integer(request.queryValue("startIndex"), default: 0), startIndex >= 0 else {
            return TalendErrorResponse.badRequest("startIndex must be a non-negative integer").response
        }
        let order = request.queryValue("order")?.uppercased() ?? "ASC"
        guard order == "ASC" || order == "DESC" else {
            return TalendErrorResponse.badRequest("order must be ASC or DESC").response
        }
        guard let execution, let lines = execution.logLines, let started = execution.startTime else {
            return TalendErrorResponse.notFound("No logs for execution \(executionID)").response
        }
        let startMilliseconds = Int64((started.timeIntervalSince1970 * 1000).rounded())
        // Line i is stamped i ms after the start, so timestamps are distinct and ordered.
        let entries = lines.enumerated().map { index, line in
            LogEntry(logTimestamp: startMilliseconds + Int64(index), severity: line.severity, logMessage: line.message)
        }
        let ordered = order == "DESC" ? Array(entries.reversed()) : entries
        let end = min(startIndex + count, ordered.count)
        let page = startIndex < end ? Array(ordered[startIndex..<end]) : []
        return .json(200, LogPage(data: page, nextIndex: end < ordered.count ? end : nil))
    }

    /// The query value as an integer, `defaultValue` when absent, `nil` when not an integer.
    private static func integer(_ text: String?, default defaultValue: Int) -> Int? {
        guard let text else { return defaultValue }
        return Int(text)
    }
}
