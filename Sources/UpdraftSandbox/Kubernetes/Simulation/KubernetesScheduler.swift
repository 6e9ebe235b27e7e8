import Foundation

/// Runs actions at simulated instants: every action sleeps on the injected clock in its own child task of one
/// long-lived task group, so a pod's next step costs a timer, never a polling loop.
final class KubernetesScheduler: Sendable {
    private struct Job: Sendable {
        var deadline: Date
        var action: @Sendable () -> Void
    }

    let clock: any KubernetesSimulatorClock
    private let jobs: AsyncStream<Job>.Continuation
    private let runner: Task<Void, Never>

    init(clock: any KubernetesSimulatorClock) {
        self.clock = clock
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

    /// Runs `action` once the clock reaches `deadline`.
    func schedule(at deadline: Date, _ action: @escaping @Sendable () -> Void) {
        jobs.yield(Job(deadline: deadline, action: action))
    }

    /// Runs `action` after `delay` of simulated time.
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) {
        schedule(at: clock.now().addingTimeInterval(delay.seconds), action)
    }

    /// Drops every pending action and stops the runner.
    func shutdown() {
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
