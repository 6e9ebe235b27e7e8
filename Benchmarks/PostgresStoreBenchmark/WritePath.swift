import Foundation
import Updraft
import UpdraftPostgres

/// The writes the engine makes for each task of a run, made directly on the store: the task queued, running with
/// its try, its XCom result, succeeded. Either queued all along with one sync at the end (group commit, as the
/// engine writes), or with a sync after every task (what a store committing each task's writes at once would pay).
enum WritePath {
    struct Report {
        var mode: String
        var tasks: Int
        var statements: Int
        var duration: Duration
    }

    static func measure(_ store: PostgresRunStore, counter: StatementCounter, tasks: Int, syncEachTask: Bool)
        async throws -> Report {
        let runID = "write-path-\(UUID().uuidString.prefix(8))"
        let day = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.createRun(DAGRunRecord(dagID: "write_path", runID: runID, logicalDate: day, state: .running))
        try await store.saveTaskInstances((0..<tasks).map { TaskInstanceRecord(taskID: "t\($0)") },
                                          dagID: "write_path", runID: runID)
        try await store.sync()
        try await counter.reset()
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<tasks {
            var record = TaskInstanceRecord(taskID: "t\(index)", state: .queued)
            try await store.saveTaskInstance(record, dagID: "write_path", runID: runID)
            record.state = .running
            record.tryNumber = 1
            record.startDate = day
            record.tries = [TryRecord(tryNumber: 1, startDate: day, state: .running, hostname: "bench")]
            try await store.saveTaskInstance(record, dagID: "write_path", runID: runID)
            try await store.setXCom("ok", key: "return_value", taskID: record.taskID, dagID: "write_path", runID: runID)
            record.state = .success
            record.endDate = day.addingTimeInterval(1)
            record.tries[0].state = .success
            record.tries[0].endDate = record.endDate
            try await store.saveTaskInstance(record, dagID: "write_path", runID: runID)
            if syncEachTask { try await store.sync() }
        }
        try await store.sync()
        let duration = clock.now - start
        let statements = try await counter.counts().reduce(0) { $0 + $1.calls }
        return Report(mode: syncEachTask ? "sync after each task" : "queued, one sync at the end", tasks: tasks,
                      statements: statements, duration: duration)
    }
}
