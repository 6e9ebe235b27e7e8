import Foundation
import Updraft

/// Records the conformance tests write: dates with sub-second parts, JSON params, tries and handles.
enum Fixtures {
    static let day = Date(timeIntervalSince1970: 1_790_000_000.125)

    static func run(_ runID: String, dag: String = "etl", at offset: TimeInterval = 0, type: DAGRunType = .manual,
                    state: DAGRunState = .queued) -> DAGRunRecord {
        DAGRunRecord(dagID: dag, runID: runID, logicalDate: day.addingTimeInterval(offset), state: state,
                     params: ["region": "eu", "limit": 10, "nested": ["a": [1, 2]]], runType: type,
                     conf: ["limit": 10], dataIntervalStart: day.addingTimeInterval(offset - 3600),
                     dataIntervalEnd: day.addingTimeInterval(offset), runAfter: day.addingTimeInterval(offset + 1))
    }

    static func instance(_ taskID: String, state: TaskInstanceState = .pending, tries: Int = 0) -> TaskInstanceRecord {
        var record = TaskInstanceRecord(taskID: taskID, state: state, tryNumber: tries, maxTries: 3)
        for number in stride(from: 1, through: tries, by: 1) {
            let start = day.addingTimeInterval(Double(number) * 10.5)
            record.tries.append(TryRecord(tryNumber: number, startDate: start,
                                          endDate: number < tries ? start.addingTimeInterval(2.25) : nil,
                                          state: number < tries ? .upForRetry : state,
                                          error: number < tries ? "boom \(number)" : nil, hostname: "worker-1"))
        }
        if tries > 0 {
            record.startDate = record.tries[0].startDate
        }
        return record
    }

    static func lease(_ owner: String, expiresIn seconds: TimeInterval) -> RunLease {
        RunLease(ownerID: owner, hostname: "host-\(owner)", pid: 4242, expiresAt: day.addingTimeInterval(seconds))
    }
}
