import Foundation
import Testing
import Updraft
import UpdraftKubernetes
import UpdraftTesting

@Suite struct PodOperatorMockTests {
    private func context(_ hook: MockKubernetesHook, clock: ManualClock = ManualClock(), logs: TaskLogStore,
                         masker: SecretMasker = SecretMasker(), tryNumber: Int = 1) -> TaskContext {
        TaskContext.forTesting(taskID: "hello-world", dagID: "talend_jobs", runID: "manual__2026-01-01T00:00:00+00:00",
                               tryNumber: tryNumber, hooks: ["kubernetes_default": hook], clock: clock, logs: logs,
                               masker: masker)
    }

    private func messages(_ logs: TaskLogStore) -> [String] { logs.lines(taskID: "hello-world").map(\.message) }

    @Test func successStreamsLogsAndDeletesThePod() async throws {
        let hook = MockKubernetesHook(scripts: ["repo/job:hello": .succeed(logLines: ["hello", "world"])])
        let logs = TaskLogStore()
        let op = KubernetesPodOperator(namespace: "jobs", image: "repo/job:hello", name: "talend-test-hello",
                                       isDeleteOperatorPod: true, getLogs: true)
        _ = try await op.execute(context: context(hook, logs: logs))
        let name = try #require(hook.calls.createdPods.first?.metadata.name)
        #expect(name.hasPrefix("talend-test-hello-") && name.count == "talend-test-hello-".count + 8)
        #expect(messages(logs).contains("[base] hello"))
        #expect(messages(logs).contains("[base] world"))
        #expect(hook.existingPods.isEmpty)
        #expect(hook.calls.methods == [.listPods, .createPod, .watchPod, .podLogs, .deletePod])
    }

    @Test func podCarriesAirflowIdentityLabelsAndSpec() async throws {
        let hook = MockKubernetesHook()
        let op = KubernetesPodOperator(
            image: "repo/job:1", cmds: ["sh", "-c"], arguments: ["echo hi"], envVars: [EnvVar(name: "A", value: "1")],
            labels: ["team": "data"], containerResources: ResourceRequirements(limits: ["memory": "256Mi"]),
            imagePullSecrets: ["regcred"], nodeSelector: ["disk": "ssd"], serviceAccountName: "runner",
            reattachOnRestart: false, terminationGracePeriod: .seconds(5))
        let pod = try op.buildPod(context: context(hook, logs: TaskLogStore()), defaultNamespace: "from-config")
        #expect(pod.metadata.namespace == "from-config")
        #expect(pod.metadata.name?.hasPrefix("hello-world-") == true)
        let labels = try #require(pod.metadata.labels)
        #expect(labels["dag_id"] == "talend_jobs")
        #expect(labels["task_id"] == "hello-world")
        #expect(labels["kubernetes_pod_operator"] == "True")
        #expect(labels["try_number"] == "1")
        #expect(labels["team"] == "data")
        // run_id has ':' and '+': it is made label-safe with a hash suffix.
        let runID = try #require(labels["run_id"])
        #expect(runID.count <= 63 && runID.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        let spec = try #require(pod.spec)
        #expect(spec.restartPolicy == "Never")
        #expect(spec.containers.first?.name == "base")
        #expect(spec.containers.first?.command == ["sh", "-c"])
        #expect(spec.imagePullSecrets == [LocalObjectReference(name: "regcred")])
        #expect(spec.terminationGracePeriodSeconds == 5)
    }

    @Test func nonZeroExitFailsWithTerminationMessageAndEvents() async throws {
        let hook = MockKubernetesHook(defaultScript: .fail(exitCode: 3, logLines: ["boom"], terminationMessage: "disk full"))
        let op = KubernetesPodOperator(image: "repo/job:1", logEventsOnFailure: true)
        let error = await #expect(throws: KubernetesPodError.self) {
            try await op.execute(context: context(hook, logs: TaskLogStore()))
        }
        #expect(error?.kind == .podFailed)
        #expect(error?.exitCode == 3)
        #expect(error?.description.contains("disk full") == true)
        #expect(error?.events.count == 2)
        #expect(hook.existingPods.isEmpty, "deletePod deletes failed pods too")
    }

    @Test func skipOnExitCodeSkipsAndDeleteSucceededPodKeepsTheFailedPod() async throws {
        let hook = MockKubernetesHook(defaultScript: .fail(exitCode: 99, logLines: [], terminationMessage: nil))
        let op = KubernetesPodOperator(image: "repo/job:1", onFinishAction: .deleteSucceededPod, skipOnExitCode: [99])
        await #expect(throws: SkipTask.self) { try await op.execute(context: context(hook, logs: TaskLogStore())) }
        let kept = try #require(hook.existingPods.values.first)
        #expect(kept.metadata.labels?["already_checked"] == "True")
    }

    @Test func imagePullErrorFailsFastButRateLimitsWait() async throws {
        let hook = MockKubernetesHook(scripts: [
            "repo/missing:1": .imagePullFailure(message: "manifest unknown"),
            "repo/busy:1": .imagePullFailure(reason: "ImagePullBackOff", message: "429 Too Many Requests: rate limit"),
        ])
        let pullError = await #expect(throws: KubernetesPodError.self) {
            try await KubernetesPodOperator(image: "repo/missing:1").execute(context: context(hook, logs: TaskLogStore()))
        }
        #expect(pullError?.kind == .imagePull)
        #expect(pullError?.message.contains("ErrImagePull") == true)
        #expect(pullError?.message.contains("manifest unknown") == true)

        let clock = ManualClock()
        let busy = Task {
            try await KubernetesPodOperator(image: "repo/busy:1", startupTimeout: .seconds(30))
                .execute(context: context(hook, clock: clock, logs: TaskLogStore()))
        }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(31))
        let timeout = await #expect(throws: KubernetesPodError.self) { try await busy.value }
        #expect(timeout?.kind == .startupTimeout)
        #expect(timeout?.message.contains("rate limit") == true)
        #expect(hook.existingPods.isEmpty)
    }

    @Test func configErrorFailsFast() async throws {
        let hook = MockKubernetesHook(defaultScript: .configError(message: "secret \"db\" not found"))
        let error = await #expect(throws: KubernetesPodError.self) {
            try await KubernetesPodOperator(image: "repo/job:1").execute(context: context(hook, logs: TaskLogStore()))
        }
        #expect(error?.kind == .containerConfig)
        #expect(error?.message.contains("secret \"db\" not found") == true)
    }

    @Test func cancellationDeletesThePodBeforeTheTaskEnds() async throws {
        let hook = MockKubernetesHook(defaultScript: .runsUntilDeleted(logLines: ["working"]))
        let logs = TaskLogStore()
        let run = Task { try await KubernetesPodOperator(image: "repo/job:1", terminationGracePeriod: .seconds(7))
            .execute(context: context(hook, logs: logs)) }
        await hook.calls.waitForCount(4)  // list, create, watch, logs: the pod runs
        run.cancel()
        _ = await run.result
        let name = try #require(hook.calls.createdPods.first?.metadata.name)
        #expect(hook.calls.all.contains(.deletePod(name: name, namespace: "default", gracePeriodSeconds: 7)))
        #expect(hook.existingPods.isEmpty)
    }

    @Test func keepPodKeepsAndLabelsThePod() async throws {
        let hook = MockKubernetesHook()
        _ = try await KubernetesPodOperator(image: "repo/job:1", isDeleteOperatorPod: false)
            .execute(context: context(hook, logs: TaskLogStore()))
        let pod = try #require(hook.existingPods.values.first)
        #expect(pod.metadata.labels?["already_checked"] == "True")
    }

    @Test func reattachFollowsTheExistingPodInsteadOfCreatingOne() async throws {
        let hook = MockKubernetesHook()
        let logs = TaskLogStore()
        let op = KubernetesPodOperator(image: "repo/job:1")
        let earlier = try op.buildPod(context: context(hook, logs: logs, tryNumber: 1), defaultNamespace: nil)
        hook.addExistingPod(earlier, script: .succeed(logLines: ["from the first worker"]))
        _ = try await op.execute(context: context(hook, logs: logs, tryNumber: 2))
        #expect(hook.calls.createdPods.isEmpty)
        #expect(messages(logs).contains("[base] from the first worker"))
        #expect(hook.existingPods.isEmpty)
    }

    @Test func twoPodsWithTheTaskLabelsAreAnError() async throws {
        let hook = MockKubernetesHook()
        let logs = TaskLogStore()
        let op = KubernetesPodOperator(image: "repo/job:1")
        for _ in 0..<2 {
            hook.addExistingPod(try op.buildPod(context: context(hook, logs: logs), defaultNamespace: nil),
                                script: .runsUntilDeleted(logLines: []))
        }
        let error = await #expect(throws: KubernetesPodError.self) { try await op.execute(context: context(hook, logs: logs)) }
        #expect(error?.kind == .moreThanOnePod)
    }

    @Test func secretEnvironmentValuesNeverReachLogsOrErrors() async throws {
        let secret = "s3cr3t-db-password"
        let hook = MockKubernetesHook(defaultScript: .fail(exitCode: 1, logLines: ["connecting with \(secret)"],
                                                           terminationMessage: "login failed for \(secret)"))
        let logs = TaskLogStore()
        let masker = SecretMasker()
        let op = KubernetesPodOperator(image: "repo/job:1", envVars: [EnvVar(name: "DB_PASSWORD", value: secret)],
                                       secretEnvVars: ["API_KEY": "another-secret-value"])
        let error = await #expect(throws: KubernetesPodError.self) {
            try await op.execute(context: context(hook, logs: logs, masker: masker))
        }
        let text = messages(logs).joined(separator: "\n") + "\(error.map(String.init(describing:)) ?? "")"
        #expect(!text.contains(secret))
        #expect(!text.contains("another-secret-value"))
        #expect(text.contains("remote pod"))
    }

    @Test func apiErrorsAreRetriedOnlyByTheLiveHookAndSurfaceTyped() async throws {
        let hook = MockKubernetesHook()
        hook.failNext(.createPod, with: KubernetesAPIError(statusCode: 403, reason: "Forbidden",
                                                        message: "pods is forbidden", request: "POST pods"))
        // 403 is a configuration error: the try fails at once, without its retries.
        let error = await #expect(throws: FailWithoutRetry.self) {
            try await KubernetesPodOperator(image: "repo/job:1").execute(context: context(hook, logs: TaskLogStore()))
        }
        #expect(error?.reason.contains("HTTP 403 Forbidden: pods is forbidden") == true)
    }
}
