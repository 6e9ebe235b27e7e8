import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// An operator try against a simulated cluster that moves only when the test steps it: the image `sim/counter`
/// prints `line 1` … `line N`, four lines per simulated second, then exits 0. A test can thus put a fault between
/// two chosen lines, and check afterwards that every line reached the task log exactly once.
struct SteppedPod {
    /// The simulated time between two steps of the pod (four lines share each second's timestamps).
    static let tick: TimeInterval = 0.25

    let cluster: SimulatedCluster
    let simulatorClock: KubernetesManualClock
    let logs: TaskLogStore
    let lineCount: Int

    /// A cluster configuration with `sim/counter` printing `lines` lines.
    static func configuration(lines: Int) -> KubernetesSimulatorConfiguration {
        var configuration = SimulatedCluster.configuration(tick: .milliseconds(250))
        configuration.behaviors["sim/counter"] = .succeed(lines: (1...lines).map { "line \($0)" })
        return configuration
    }

    /// Starts a stepped cluster and runs `body` with it.
    static func with<T>(lines: Int, _ body: (SteppedPod) async throws -> T) async throws -> T {
        let clock = KubernetesManualClock()
        return try await SimulatedCluster.with(configuration(lines: lines), clock: clock) { cluster in
            try await body(SteppedPod(cluster: cluster, simulatorClock: clock, logs: TaskLogStore(), lineCount: lines))
        }
    }

    /// The lines of the pod in the task log, in order.
    var printed: [String] {
        logs.lines(taskID: "talend").map(\.message).filter { $0.hasPrefix("[base] ") }.map { String($0.dropFirst(7)) }
    }

    /// Every line of the task log.
    var taskLog: String { logs.lines(taskID: "talend").map(\.message).joined(separator: "\n") }

    /// What a faultless run prints.
    var expected: [String] { (1...lineCount).map { "line \($0)" } }

    /// Steps the pod until it runs, then waits for the operator's watch and log stream.
    func startRunning() async throws {
        try await cluster.waitUntil { try await !cluster.podNames().isEmpty }
        for _ in 0..<8 where try await cluster.pods().first?.phase != .running {
            simulatorClock.advance(by: Self.tick)
        }
        try await cluster.waitUntil { cluster.simulator.openStreamCount >= 2 }
    }

    /// Steps the pod `count` lines on and waits until the task log shows `total` of its lines.
    func print(_ count: Int, total: Int) async throws {
        for _ in 0..<count { simulatorClock.advance(by: Self.tick) }
        try await cluster.waitUntil { printed.count >= total }
    }

    /// Steps the pod to its end (its last lines and its exit).
    func runToTheEnd() {
        simulatorClock.advance(by: Self.tick * Double(lineCount + 2))
    }

    /// Waits until `condition` holds, advancing the run's `clock` by `step` whenever something sleeps on it (backoff,
    /// Retry-After): a bounded wait that never blocks on a sleeper that does not come.
    func wait(advancing clock: ManualClock, by step: Duration, until condition: () async throws -> Bool) async throws {
        try await cluster.waitUntil(timeout: .seconds(30)) {
            if try await condition() { return true }
            // Checked again once a sleeper is seen: the work may have got there meanwhile and armed a timer of its
            // next step (a startup deadline), which must not be advanced (seen in a loaded full run).
            if clock.sleeperCount > 0, try await !condition() { clock.advance(by: step) }
            return false
        }
    }

    /// The operator's requests after the first one matching `marker`.
    func requests(after marker: (KubernetesRequestRecord) -> Bool) -> [KubernetesRequestRecord] {
        let all = cluster.operatorRequests
        guard let index = all.firstIndex(where: marker) else { return [] }
        return Array(all[(index + 1)...])
    }
}
