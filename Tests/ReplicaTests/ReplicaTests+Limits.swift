import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftPostgres

extension ReplicaTests {
    /// Two replicas on different (pretend) hosts run six runs of `throttled` (4 parallel tasks of 0.3 s;
    /// `maxActiveTasks` 3, `maxActiveRuns` 2): the bodies' own begin and end times show at most 3 tasks and 2 runs at
    /// once over both replicas. Each replica alone would allow 3 tasks and 2 runs: 6 and 4 together.
    /// With shared tries (`--share-tries`) too: a queued try holds its slots from the moment it is queued.
    @Test(arguments: [false, true])
    func maxActiveTasksAndMaxActiveRunsHoldAcrossReplicas(sharesTries: Bool) async throws {
        let database = try await ReplicaDatabase.create()
        let store = try await PostgresRunStore(url: database.url)
        let setup = try Replica.Setup(databaseURL: database.url, directory: try BuildProducts.scratchDirectory(),
                                      leaseSeconds: 10, sharesTries: sharesTries)
        let replicas = [try Replica(setup, hostname: "host-a"), try Replica(setup, hostname: "host-b")]
        for replica in replicas { try await replica.ready() }
        let runIDs = try await ReplicaDatabase.trigger("throttled", count: 6, on: store)
        let runs = try await ReplicaDatabase.waitUntilFinished(runIDs, dagIDs: ["throttled"], on: store,
                                                               within: .seconds(120))
        for replica in replicas { _ = try await replica.stop() }
        #expect(runs.count == 6 && runs.allSatisfy { $0.state == .success }, "\(runs.map { "\($0.runID) \($0.state)" })")

        let windows = try BodyWindows(file: setup.bodies)
        #expect(windows.tasks.count == 24, "one window per task body: \(windows.tasks.count)")
        let tasksAtOnce = BodyWindows.mostAtOnce(windows.tasks)
        #expect(tasksAtOnce <= 3 && tasksAtOnce >= 2, "task bodies at once: \(tasksAtOnce)")
        #expect(BodyWindows.mostAtOnce(windows.runs) <= 2, "runs with a body at once")
        var hosts: Set<String> = []
        for runID in runIDs {
            for instance in try await store.taskInstances(dagID: "throttled", runID: runID) {
                hosts.formUnion(instance.tries.compactMap(\.hostname))
            }
        }
        Self.logger.info("throttled ran on \(hosts.sorted())")
        await store.close()
    }
}

/// When each task body of `throttled` ran, from its `begin@` and `end@` lines, and each run's span of bodies.
struct BodyWindows {
    var tasks: [ClosedRange<Int64>] = []
    var runs: [ClosedRange<Int64>] = []

    init(file: URL) throws {
        var begins: [String: Int64] = [:]
        var spans: [String: ClosedRange<Int64>] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3 else { continue }
            let parts = fields[1].split(separator: "@")
            guard parts.count == 2, let time = Int64(parts[1]) else { continue }
            let runID = String(fields[0])
            let event = parts[0].split(separator: ":")
            let key = runID + "/" + event[0]
            if event.last == "begin" {
                begins[key] = time
            } else if let begin = begins.removeValue(forKey: key) {
                tasks.append(begin...time)
                spans[runID] = spans[runID].map { min($0.lowerBound, begin)...max($0.upperBound, time) } ?? begin...time
            }
        }
        runs = Array(spans.values)
    }

    /// The most windows that overlap at one moment.
    static func mostAtOnce(_ windows: [ClosedRange<Int64>]) -> Int {
        // Ends sort before begins at the same instant: a window ending as another begins does not overlap it.
        let events = windows.flatMap { [($0.lowerBound, 1), ($0.upperBound, -1)] }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var current = 0
        var most = 0
        for (_, change) in events {
            current += change
            most = max(most, current)
        }
        return most
    }
}
