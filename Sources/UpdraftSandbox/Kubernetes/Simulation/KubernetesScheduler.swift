import Foundation
import Synchronization

/// Runs actions at simulated instants. On a ``KubernetesManualClock`` they are the clock's own timers (run inside
/// `advance(by:)`, so tests step deterministically); on any other clock every action sleeps in its own child task
/// of one long-lived task group. Either way a pod's next step costs a timer, never a polling loop.
final class KubernetesScheduler: Sendable {
    private struct Job: Sendable {
        var deadline: Date
        var action: @Sendable () -> Void
    }

    let clock: any KubernetesSimulatorClock
    private let manualClock: KubernetesManualClock?
    private let jobs: AsyncStream<Job>.Continuation
    private let runner: Task<Void, Never>
    private let isShutDown = Mutex(false)

    init(clock: any KubernetesSimulatorClock) {
        self.clock = clock
        manualClock = clock as? KubernetesManualClock
        let (stream, jobs) = AsyncStream.makeStream(of: Job.self)
        self.jobs = jobs
        runner = Task {
            await withDiscardingTaskGroup { group in
                for await job in stream {
                    group.addTask {
                        do {
                            try await clock.sleep(until: job.deadline)
                        } catch {
                            return  // cancelled by shutdown: the simulated cluster stops
                        }
                        job.action()
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// Runs `action` once the clock reaches `deadline`, unless the scheduler has been shut down by then.
    func schedule(at deadline: Date, _ action: @escaping @Sendable () -> Void) {
        let guarded: @Sendable () -> Void = { [weak self] in
            guard let self, !isShutDown.withLock({ $0 }) else { return }
            action()
        }
        if let manualClock {
            manualClock.addTimer(at: deadline, guarded)
        } else {
            jobs.yield(Job(deadline: deadline, action: guarded))
        }
    }

    /// Runs `action` after `delay` of simulated time.
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) {
        schedule(at: clock.now().addingTimeInterval(delay.seconds), action)
    }

    /// Drops every pending action and stops the runner.
    func shutdown() {
        isShutDown.withLock { $0 = true }
        jobs.finish()
        runner.cancel()
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
