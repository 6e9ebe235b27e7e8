import Foundation
import Testing
import Updraft
import UpdraftTesting

/// What a cancelled run leaves behind.
@Suite struct CancellationTests {
    @Test func aTaskWaitingForItsRetryFailsWhenTheRunIsCancelled() async throws {
        let clock = ManualClock()  // no auto-advance: the retry delay never passes
        let dag = try DAG("cancelled_retry") { dag in
            dag.task("flaky", options: TaskOptions(retries: 3, retryDelay: .minutes(5))) { _ -> Int in throw Boom() }
        }
        let run = Task { try await dag.test(clock: clock) }
        await clock.waitForSleepers(1)  // the retry timer
        run.cancel()
        let result = try await run.value
        let instance = try #require(result.taskInstances["flaky"])
        #expect(instance.state == .failed, "not skipped: nobody skipped it")
        #expect(instance.error == "the run was cancelled while the task waited for its retry")
        #expect(instance.tries.map(\.state) == [.upForRetry])
        #expect(result.state == .failed && result.run.note == "the run was cancelled")
    }
}
