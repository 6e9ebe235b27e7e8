import Testing
import UpdraftTesting

@Suite struct MockKubernetesHookTests {
    private func run(_ op: KubernetesPodOperator, on hook: MockKubernetesHook, tryNumber: Int) async throws {
        let context = TaskContext.forTesting(taskID: "transform", tryNumber: tryNumber, maxTries: 2,
                                             hooks: ["kubernetes_default": hook])
        _ = try await op.execute(context: context)
    }

    @Test func recordsTheCompletePodAndEveryCallInOrder() async throws {
        let hook = MockKubernetesHook(scripts: ["repo/job:1": .succeed(logLines: ["42 rows"])])
        let op = KubernetesPodOperator(
            namespace: "jobs", image: "repo/job:1", name: "transform", cmds: ["java"], arguments: ["-jar", "job.jar"],
            envVars: [EnvVar(name: "CONTEXT", value: "prod")], labels: ["team": "data"],
            containerResources: ResourceRequirements(limits: ["memory": "512Mi"]),
            volumes: [["name": "input", "emptyDir": [:]]], volumeMounts: [VolumeMount(name: "input", mountPath: "/in")])
        try await run(op, on: hook, tryNumber: 1)

        guard case .createPod(let pod, let namespace) = try #require(hook.calls.all.first { $0.method == .createPod })
        else { return }
        let container = try #require(pod.spec?.containers.first)
        #expect(namespace == "jobs" && pod.metadata.namespace == "jobs")
        #expect(pod.metadata.name?.hasPrefix("transform-") == true)
        #expect(container.image == "repo/job:1" && container.command == ["java"] && container.args == ["-jar", "job.jar"])
        #expect(container.env == [EnvVar(name: "CONTEXT", value: "prod")])
        #expect(container.resources?.limits == ["memory": "512Mi"])
        #expect(container.volumeMounts == [VolumeMount(name: "input", mountPath: "/in")])
        #expect(pod.spec?.volumes == [["name": "input", "emptyDir": [:]]])
        #expect(pod.metadata.labels?["team"] == "data" && pod.metadata.labels?["try_number"] == "1")
        #expect(hook.calls.methods == [.listPods, .createPod, .watchPod, .podLogs, .deletePod])
        let logs = hook.calls.all.compactMap { if case .podLogs(_, _, let options) = $0 { options } else { nil } }
        #expect(logs.map(\.follow) == [true])
        #expect(hook.calls.deletions.map(\.name) == [pod.metadata.name])
    }

    @Test func aScriptPerTryFailsTheFirstPodAndLetsTheSecondSucceed() async throws {
        let hook = MockKubernetesHook(scripts: ["repo/job:1": .tries([.fail(exitCode: 3, logLines: ["tDie_1"]), .succeed()])])
        let op = KubernetesPodOperator(image: "repo/job:1", name: "transform")
        let error = await #expect(throws: KubernetesPodError.self) { try await run(op, on: hook, tryNumber: 1) }
        #expect(error?.kind == .podFailed && error?.description.contains("3") == true)
        try await run(op, on: hook, tryNumber: 2)
        #expect(hook.calls.createdPods.map { $0.metadata.labels?["try_number"] } == ["1", "2"])
    }

    @Test func aTypedMethodFailsOnce() async throws {
        let hook = MockKubernetesHook()
        // A transient answer (a 403 would fail the try without retry: see aForbiddenCallFailsWithoutRetry).
        hook.failNext(.createPod, with: KubernetesAPIError(statusCode: 503, reason: "ServiceUnavailable",
                                                           message: "busy", request: "POST pods"))
        let op = KubernetesPodOperator(image: "repo/job:1", name: "transform")
        await #expect(throws: KubernetesAPIError.self) { try await run(op, on: hook, tryNumber: 1) }
        try await run(op, on: hook, tryNumber: 2)
        #expect(hook.calls.createdPods.count == 2, "the failed call is recorded too")
    }

    @Test func aForbiddenCallFailsWithoutRetry() async throws {
        let hook = MockKubernetesHook()
        hook.failNext(.createPod, with: KubernetesAPIError(statusCode: 403, reason: "Forbidden", message: "no",
                                                           request: "POST pods"))
        let op = KubernetesPodOperator(image: "repo/job:1", name: "transform")
        let error = await #expect(throws: FailWithoutRetry.self) { try await run(op, on: hook, tryNumber: 1) }
        #expect(error?.reason.contains("403") == true)
    }
}
