import Logging
public import Updraft

extension KubernetesPodOperator {
    public func execute(context: TaskContext) async throws -> JSONValue? {
        registerSecrets(with: context.masker)
        return try await Self.classifying(context) {
            let hook = try resolveHook(context: context)
            let request = try buildPod(context: context, defaultNamespace: hook.defaultNamespace)
            return try await PodRun(op: self, hook: hook, context: context, request: request).run()
        }
    }

    /// Follows an existing pod of this task to its end as ``execute(context:)`` does after creating one: streams its
    /// log from `logCursor`, decides the outcome, and handles the pod per ``onFinishAction``. For taking over the
    /// pod of a try whose process died (the pod's name is known from the run store or the `pod_name` XCom).
    /// - Parameters:
    ///   - podName: The pod's name.
    ///   - namespace: Its namespace (else this operator's, as ``execute(context:)`` chooses it).
    ///   - logCursor: Where its log was read up to; lines up to it are not printed again.
    ///   - context: The context of the try that takes the pod over.
    /// - Returns: What ``execute(context:)`` returns.
    /// - Throws: As ``execute(context:)``; ``KubernetesPodError`` (`podDeleted`) when the pod no longer exists.
    public func resume(podName: String, namespace: String? = nil, logCursor: PodLogCursor = PodLogCursor(),
                       context: TaskContext) async throws -> JSONValue? {
        registerSecrets(with: context.masker)
        return try await Self.classifying(context) {
            let hook = try resolveHook(context: context)
            var request = try buildPod(context: context, defaultNamespace: hook.defaultNamespace)
            if let namespace { request.metadata.namespace = namespace }
            let ns = request.metadata.namespace ?? "default"
            let pod: Pod
            do {
                pod = try await hook.readPod(name: podName, namespace: ns)
            } catch let error as KubernetesAPIError where error.isNotFound {
                throw KubernetesPodError(kind: .podDeleted, podName: podName, namespace: ns,
                                         message: "the pod to resume no longer exists")
            }
            context.logger.info("resuming pod \(ns)/\(podName) (phase \(pod.phase))")
            return try await PodRun(op: self, hook: hook, context: context, request: request)
                .run(existing: pod, logCursor: logCursor)
        }
    }

    /// Deletes the pod of this try if `execute` did not (the engine calls this after a cancelled or timed-out try;
    /// `execute` normally deleted it already, and then nothing is sent; nor when the try was killed before it asked
    /// for a pod).
    public func onKill(context: TaskContext) async {
        guard onFinishAction != .keepPod, let known = PodTryRegistry.take(context), known != .handled else { return }
        guard let hook = try? resolveHook(context: context),
            let request = try? buildPod(context: context, defaultNamespace: hook.defaultNamespace),
            let namespace = request.metadata.namespace
        else { return }
        let grace = graceSeconds
        if case .following(let name, let namespace) = known {
            _ = try? await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: grace)
            context.logger.info("deleted pod \(namespace)/\(name) after the task was killed")
            return
        }
        // Killed while creating the pod (the create may have succeeded unanswered): find it by its labels.
        let selector = PodIdentity.selector(request.metadata.labels ?? [:], includeTry: true)
        guard let pods = try? await hook.listPods(namespace: namespace, labelSelector: selector) else { return }
        for pod in pods.items where pod.metadata.deletionTimestamp == nil {
            guard let name = pod.metadata.name else { continue }
            _ = try? await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: grace)
            context.logger.info("deleted pod \(namespace)/\(name) after the task was killed")
        }
    }

    /// ``terminationGracePeriod`` as the API's whole seconds.
    var graceSeconds: Int? { terminationGracePeriod?.apiSeconds }

    func registerSecrets(with masker: SecretMasker) {
        for value in secretEnvVars.values { masker.register(value) }
        for variable in envVars where SensitiveNames.isSensitive(variable.name) {
            if let value = variable.value { masker.register(value) }
        }
    }

    /// Runs `body`, turning configuration errors (see ``KubernetesFailure``) into `FailWithoutRetry`, so the engine
    /// fails the try at once instead of retrying what only a fix can cure. The message is masked.
    private static func classifying(
        _ context: TaskContext, _ body: () async throws -> JSONValue?
    ) async throws -> JSONValue? {
        do {
            return try await body()
        } catch {
            guard !(error is CancellationError), KubernetesFailure(error) == .configuration else { throw error }
            throw FailWithoutRetry(context.masker.mask("\(error)"))
        }
    }
}
