public import Updraft
import Logging

/// Runs a container image as a Kubernetes pod and follows it to the end (Airflow's `KubernetesPodOperator`).
///
/// ```swift
/// dag.task("hello-world", KubernetesPodOperator(
///     namespace: "default", image: "your-repo/talendjob:hello", name: "talend-test-hello",
///     inCluster: false, clusterContext: "docker-desktop", configFile: "~/.kube/config",
///     isDeleteOperatorPod: true, getLogs: true))
/// ```
///
/// The pod is created, followed with a watch (its end is noticed at once), and the base container's log is
/// streamed into the task log. Unrecoverable start states (bad image, missing secret) fail at once with the
/// cluster's reason; a pod that does not start within ``startupTimeoutSeconds`` fails. Exit code 0 succeeds, a code
/// in ``skipOnExitCode`` skips the task, anything else fails it with the termination message. The pod is then
/// deleted per ``onFinishAction``; when the task is cancelled or times out it is deleted before the task ends
/// (unless ``OnFinishAction/keepPod``). With ``reattachOnRestart`` a new try of the same run first looks for the
/// pod by its labels and follows it instead of starting a second one.
///
/// Values of ``secretEnvVars`` (and of ``envVars`` whose names look secret, such as `DB_PASSWORD`) are registered
/// with the task's secret masker; pod descriptions in errors never show environment values.
///
/// Timeouts wait on `context.clock`; with UpdraftTesting's `ManualClock`, advance it to reach them.
public struct KubernetesPodOperator: Operator {
    public typealias Output = JSONValue?

    /// The connection whose extras configure the cluster (`kubernetes_default`: auto-configuration if absent).
    public var kubernetesConnID: String
    /// The pod's namespace (else the connection's, the kubeconfig context's or service account's, else `default`).
    public var namespace: String?
    /// The base container's image.
    public var image: String?
    /// The pod name (else derived from the task id); a random suffix is added when ``randomNameSuffix``.
    public var name: String?
    /// Whether `-` and 8 random characters are appended to the name.
    public var randomNameSuffix: Bool
    /// The container's entrypoint.
    public var cmds: [String]
    /// The container's arguments.
    public var arguments: [String]
    /// Environment variables.
    public var envVars: [EnvVar]
    /// Secret environment variables: their values are masked in every log and error.
    public var secretEnvVars: [String: String]
    /// Extra pod labels (identity labels are added).
    public var labels: [String: String]
    /// Pod annotations.
    public var annotations: [String: String]
    /// Resource requests and limits of the base container.
    public var containerResources: ResourceRequirements?
    /// `Always`, `IfNotPresent` or `Never` (the cluster's default when nil).
    public var imagePullPolicy: String?
    /// Secrets to pull the image with (names).
    public var imagePullSecrets: [String]
    /// Node labels the pod requires.
    public var nodeSelector: [String: String]
    /// Taints the pod tolerates.
    public var tolerations: [Toleration]
    /// Affinity rules, in the API's shape.
    public var affinity: JSONValue?
    /// The pod's service account.
    public var serviceAccountName: String?
    /// Volumes, in the API's shape.
    public var volumes: [JSONValue]
    /// Volume mounts of the base container.
    public var volumeMounts: [VolumeMount]
    /// Use the in-cluster service account (nil: the connection's setting, else auto-detect).
    public var inCluster: Bool?
    /// The kubeconfig context (ignored in-cluster).
    public var clusterContext: String?
    /// A kubeconfig file (else `KUBECONFIG` / `~/.kube/config`).
    public var configFile: String?
    /// Seconds the pod may take to start (from creation until the base container runs).
    public var startupTimeoutSeconds: Int
    /// What to do with the pod at the end.
    public var onFinishAction: OnFinishAction
    /// Whether the base container's log is streamed into the task log.
    public var getLogs: Bool
    /// Exit codes that skip the task instead of failing it.
    public var skipOnExitCode: Set<Int>
    /// Whether a failure includes the pod's recent events.
    public var logEventsOnFailure: Bool
    /// Whether a new try first looks for a running pod of the same task and run, and follows it.
    public var reattachOnRestart: Bool
    /// A base pod (Airflow's `pod_template_dict`); operator arguments override it.
    public var podTemplate: Pod?
    /// A base pod file, YAML or JSON (Airflow's `pod_template_file`).
    public var podTemplateFile: String?
    /// A complete pod (Airflow's `full_pod_spec`), reconciled over the template.
    public var fullPodSpec: Pod?
    /// Seconds the pod gets to stop on deletion (`terminationGracePeriodSeconds`, and the grace of a kill).
    public var terminationGracePeriod: Int?
    /// The main container's name.
    public var baseContainerName: String
    /// Seconds the log stream may stay open after the container ended before it is abandoned.
    public var logDrainTimeoutSeconds: Int

    /// Creates the operator; parameters follow Airflow's names and defaults.
    /// - Parameters:
    ///   - kubernetesConnID: the connection whose extras configure the cluster (`kubernetes_default`:
    ///     auto-configuration if absent).
    ///   - namespace: the pod's namespace (else the connection's, the kubeconfig context's or service account's, else
    ///     `default`).
    ///   - image: the base container's image.
    ///   - name: the pod name (else derived from the task id); a random suffix is added when ``randomNameSuffix``.
    ///   - randomNameSuffix: whether `-` and 8 random characters are appended to the name.
    ///   - cmds: the container's entrypoint.
    ///   - arguments: the container's arguments.
    ///   - envVars: environment variables.
    ///   - secretEnvVars: secret environment variables: their values are masked in every log and error.
    ///   - labels: extra pod labels (identity labels are added).
    ///   - annotations: pod annotations.
    ///   - containerResources: resource requests and limits of the base container.
    ///   - imagePullPolicy: `Always`, `IfNotPresent` or `Never` (the cluster's default when nil).
    ///   - imagePullSecrets: secrets to pull the image with (names).
    ///   - nodeSelector: node labels the pod requires.
    ///   - tolerations: taints the pod tolerates.
    ///   - affinity: affinity rules, in the API's shape.
    ///   - serviceAccountName: the pod's service account.
    ///   - volumes: volumes, in the API's shape.
    ///   - volumeMounts: volume mounts of the base container.
    ///   - inCluster: use the in-cluster service account (nil: the connection's setting, else auto-detect).
    ///   - clusterContext: the kubeconfig context (ignored in-cluster).
    ///   - configFile: a kubeconfig file (else `KUBECONFIG` / `~/.kube/config`).
    ///   - startupTimeoutSeconds: seconds the pod may take to start (from creation until the base container runs).
    ///   - onFinishAction: what to do with the pod at the end.
    ///   - isDeleteOperatorPod: Airflow's deprecated alias: `true` = ``OnFinishAction/deletePod``,
    ///     `false` = ``OnFinishAction/keepPod``; overrides `onFinishAction` when given.
    ///   - getLogs: whether the base container's log is streamed into the task log.
    ///   - skipOnExitCode: exit codes that skip the task instead of failing it.
    ///   - logEventsOnFailure: whether a failure includes the pod's recent events.
    ///   - reattachOnRestart: whether a new try first looks for a running pod of the same task and run, and follows it.
    ///   - podTemplate: a base pod (Airflow's `pod_template_dict`); operator arguments override it.
    ///   - podTemplateFile: a base pod file, YAML or JSON (Airflow's `pod_template_file`).
    ///   - fullPodSpec: a complete pod (Airflow's `full_pod_spec`), reconciled over the template.
    ///   - terminationGracePeriod: seconds the pod gets to stop on deletion (`terminationGracePeriodSeconds`, and the
    ///     grace of a kill).
    ///   - baseContainerName: the main container's name.
    ///   - logDrainTimeoutSeconds: seconds the log stream may stay open after the container ended before it is
    ///     abandoned.
    public init(
        kubernetesConnID: String = "kubernetes_default", namespace: String? = nil, image: String? = nil,
        name: String? = nil, randomNameSuffix: Bool = true, cmds: [String] = [], arguments: [String] = [],
        envVars: [EnvVar] = [], secretEnvVars: [String: String] = [:], labels: [String: String] = [:],
        annotations: [String: String] = [:], containerResources: ResourceRequirements? = nil,
        imagePullPolicy: String? = nil, imagePullSecrets: [String] = [], nodeSelector: [String: String] = [:],
        tolerations: [Toleration] = [], affinity: JSONValue? = nil, serviceAccountName: String? = nil,
        volumes: [JSONValue] = [], volumeMounts: [VolumeMount] = [], inCluster: Bool? = nil,
        clusterContext: String? = nil, configFile: String? = nil, startupTimeoutSeconds: Int = 120,
        onFinishAction: OnFinishAction = .deletePod, isDeleteOperatorPod: Bool? = nil, getLogs: Bool = true,
        skipOnExitCode: Set<Int> = [], logEventsOnFailure: Bool = false, reattachOnRestart: Bool = true,
        podTemplate: Pod? = nil, podTemplateFile: String? = nil, fullPodSpec: Pod? = nil,
        terminationGracePeriod: Int? = nil, baseContainerName: String = "base", logDrainTimeoutSeconds: Int = 10
    ) {
        self.kubernetesConnID = kubernetesConnID
        self.namespace = namespace
        self.image = image
        self.name = name
        self.randomNameSuffix = randomNameSuffix
        self.cmds = cmds
        self.arguments = arguments
        self.envVars = envVars
        self.secretEnvVars = secretEnvVars
        self.labels = labels
        self.annotations = annotations
        self.containerResources = containerResources
        self.imagePullPolicy = imagePullPolicy
        self.imagePullSecrets = imagePullSecrets
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
        self.affinity = affinity
        self.serviceAccountName = serviceAccountName
        self.volumes = volumes
        self.volumeMounts = volumeMounts
        self.inCluster = inCluster
        self.clusterContext = clusterContext
        self.configFile = configFile
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.onFinishAction = isDeleteOperatorPod.map { $0 ? .deletePod : .keepPod } ?? onFinishAction
        self.getLogs = getLogs
        self.skipOnExitCode = skipOnExitCode
        self.logEventsOnFailure = logEventsOnFailure
        self.reattachOnRestart = reattachOnRestart
        self.podTemplate = podTemplate
        self.podTemplateFile = podTemplateFile
        self.fullPodSpec = fullPodSpec
        self.terminationGracePeriod = terminationGracePeriod
        self.baseContainerName = baseContainerName
        self.logDrainTimeoutSeconds = logDrainTimeoutSeconds
    }

    /// Airflow's alias of ``onFinishAction``: whether the pod is always deleted.
    public var isDeleteOperatorPod: Bool {
        get { onFinishAction == .deletePod }
        set { onFinishAction = newValue ? .deletePod : .keepPod }
    }

    public func execute(context: TaskContext) async throws -> JSONValue? {
        registerSecrets(with: context.masker)
        let hook = try resolveHook(context: context)
        let request = try buildPod(context: context, defaultNamespace: hook.defaultNamespace)
        return try await PodRun(op: self, hook: hook, context: context, request: request).run()
    }

    /// Deletes the pod of this try if it still exists (the engine calls this after a cancelled or timed-out
    /// try; `execute` normally deleted it already, so this usually finds nothing or a pod already terminating).
    public func onKill(context: TaskContext) async {
        guard onFinishAction != .keepPod, let hook = try? resolveHook(context: context),
            let request = try? buildPod(context: context, defaultNamespace: hook.defaultNamespace),
            let namespace = request.metadata.namespace
        else { return }
        let selector = PodIdentity.selector(request.metadata.labels ?? [:], includeTry: true)
        guard let pods = try? await hook.listPods(namespace: namespace, labelSelector: selector) else { return }
        // A pod already being deleted (by `execute`'s own clean-up) needs no second DELETE.
        for pod in pods.items where pod.metadata.deletionTimestamp == nil {
            guard let name = pod.metadata.name else { continue }
            _ = try? await hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: terminationGracePeriod)
            context.logger.info("deleted pod \(namespace)/\(name) after the task was killed")
        }
    }

    func registerSecrets(with masker: SecretMasker) {
        for value in secretEnvVars.values { masker.register(value) }
        for variable in envVars where SensitiveNames.isSensitive(variable.name) {
            if let value = variable.value { masker.register(value) }
        }
    }
}
