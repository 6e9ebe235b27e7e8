import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftTesting

/// Taking over a pod whose name is known (after the process running its try died), from a log position.
@Suite struct PodResumeTests {
    private func context(_ hook: MockKubernetesHook, logs: TaskLogStore) -> TaskContext {
        TaskContext.forTesting(taskID: "hello-world", dagID: "talend_jobs", runID: "manual__1",
                               hooks: ["kubernetes_default": hook], clock: ManualClock(), logs: logs)
    }

    @Test func resumeFollowsAKnownPodFromItsLogCursorAndHandlesIt() async throws {
        let hook = MockKubernetesHook()
        let logs = TaskLogStore()
        let op = KubernetesPodOperator(image: "repo/job:1")
        let pod = try op.buildPod(context: context(hook, logs: logs), defaultNamespace: nil)
        let name = try #require(pod.metadata.name)
        // The mock stamps its lines a second apart; "two" was the last line printed before the crash.
        hook.addExistingPod(pod, script: .succeed(logLines: ["one", "two", "three"]))
        let cursor = PodLogCursor(lastTimestamp: "2026-01-01T00:00:01.000000000Z", linesAtLastTimestamp: 1)
        _ = try await op.resume(podName: name, logCursor: cursor, context: context(hook, logs: logs))
        let printed = logs.lines(taskID: "hello-world").map(\.message).filter { $0.hasPrefix("[base] ") }
        #expect(printed == ["[base] three"])
        #expect(hook.existingPods.isEmpty, "handled per onFinishAction, no second pod created")

        let gone = await #expect(throws: KubernetesPodError.self) {
            try await op.resume(podName: name, context: context(hook, logs: logs))
        }
        #expect(gone?.kind == .podDeleted)
    }
}
