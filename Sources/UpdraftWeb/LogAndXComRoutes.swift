import Foundation
import HTTPTypes
import Hummingbird
import Updraft

/// Task try logs and XCom entries of `/api/v2`.
struct LogAndXComRoutes: Sendable {
    /// Airflow's `StructuredLogMessage`.
    struct LogMessage: Encodable, Sendable {
        let timestamp: Date
        let event: String
        let level: String
    }

    /// Airflow's `TaskInstancesLogResponse` (the whole try at once: no continuation).
    struct LogResponse: Encodable, Sendable {
        let content: [LogMessage]
        let continuation_token: String?
    }

    /// Airflow's `XComResponseNative` (`value` left out of listings, as Airflow's `XComResponse`).
    struct XComEntry: Encodable, Sendable {
        let key: String
        let timestamp: Date
        let logical_date: Date
        let run_after: Date
        let map_index: Int
        let task_id: String
        let task_display_name: String
        let dag_id: String
        let dag_display_name: String
        let run_id: String
        let value: JSONValue?
    }

    struct XComCollection: Encodable, Sendable {
        let xcom_entries: [XComEntry]
        let total_entries: Int
    }

    let web: WebContext

    func add(to api: RouterGroup<BasicRequestContext>) {
        let task = "dags/:dag_id/dagRuns/:run_id/taskInstances/:task_id"
        api.get("\(task)/logs/:try_number") { _, context in
            let run = try await web.run(dagID: context.parameters.decoded("dag_id"),
                                        runID: context.parameters.decoded("run_id"))
            let taskID = try context.parameters.decoded("task_id")
            guard let tryNumber = context.parameters.get("try_number", as: Int.self), tryNumber >= 1 else {
                throw APIError(.unprocessableContent, "try_number must be a positive integer")
            }
            let lines = try TaskLogReader(web: web).lines(run: run, taskID: taskID, tryNumber: tryNumber)
            return try JSONResponse.make(LogResponse(
                content: lines.map { LogMessage(timestamp: $0.date, event: $0.message, level: "\($0.level)") },
                continuation_token: nil))
        }
        api.get("\(task)/xcomEntries") { _, context in
            let entries = try await xcoms(context, key: nil, withValues: false)
            return try JSONResponse.make(XComCollection(xcom_entries: entries, total_entries: entries.count))
        }
        api.get("\(task)/xcomEntries/:key") { _, context in
            let key = try context.parameters.decoded("key")
            guard let entry = try await xcoms(context, key: key, withValues: true).first else {
                throw APIError(.notFound, "XCom entry with key: `\(key)` not found")
            }
            return try JSONResponse.make(entry)
        }
    }

    private func xcoms(_ context: BasicRequestContext, key: String?, withValues: Bool) async throws -> [XComEntry] {
        let run = try await web.run(dagID: context.parameters.decoded("dag_id"),
                                    runID: context.parameters.decoded("run_id"))
        let taskID = try context.parameters.decoded("task_id")
        return try await web.store.xcoms(dagID: run.dagID, runID: run.runID, taskID: taskID)
            .filter { key == nil || $0.key == key }
            .map { record in
                XComEntry(key: record.key, timestamp: run.startDate ?? run.logicalDate, logical_date: run.logicalDate,
                          run_after: run.runAfter ?? run.logicalDate, map_index: -1, task_id: record.taskID,
                          task_display_name: record.taskID, dag_id: run.dagID, dag_display_name: run.dagID,
                          run_id: run.runID, value: withValues ? MaskedJSON.mask(record.value, with: web.masker) : nil)
            }
    }
}
