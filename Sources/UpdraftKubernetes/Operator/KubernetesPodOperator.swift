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
/// cluster's reason; a pod that does not start within ``startupTimeout`` fails. Exit code 0 succeeds, a code
/// in ``skipOnExitCode`` skips the task, anything else fails it with the termination message. The pod is then
/// deleted per ``onFinishAction``; when the task is cancelled or times out it is deleted before the task ends
/// (unless ``OnFinishAction/keepPod``). With ``reattachOnRestart`` a new try of the same run first looks for the
/// pod by its labels and follows it instead of starting a second one.
///
/// The watch and the log stream survive the network: a compacted watch (`410 Gone`) is listed afresh, a stream cut
/// mid-response is re-established with backoff (log lines are neither repeated nor lost), and only an outage longer
/// than ``reconnectTimeout`` fails the try. Configuration errors (kubeconfig, 401, 403, a pod spec the API rejects)
/// fail the try at once, without its retries; see the Kubernetes guide for which errors are which.
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
    /// How long the pod may take to start (from creation until the base container runs).
    public var startupTimeout: Duration
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
    /// How long the pod gets to stop on deletion (`terminationGracePeriodSeconds`, and the grace of a kill), in
    /// whole seconds (rounded up); `nil` for the cluster's default (30 s).
    public var terminationGracePeriod: Duration?
    /// The main container's name.
    public var baseContainerName: String
    /// How long the log stream may stay open after the container ended before it is abandoned.
    public var logDrainTimeout: Duration
    /// How long the watch of the pod may stay down (failed reconnections in a row) before the try fails.
    public var reconnectTimeout: Duration

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
    ///   - startupTimeout: how long the pod may take to start (from creation until the base container runs); Airflow's
    ///     `startup_timeout_seconds`.
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
    ///   - terminationGracePeriod: how long the pod gets to stop on deletion (`terminationGracePeriodSeconds`, and
    ///     the grace of a kill), in whole seconds.
    ///   - baseContainerName: the main container's name.
    ///   - logDrainTimeout: how long the log stream may stay open after the container ended before it is abandoned.
    ///   - reconnectTimeout: how long the watch may stay down before the try fails (5 minutes).
    public init(
        kubernetesConnID: String = "kubernetes_default", namespace: String? = nil, image: String? = nil,
        name: String? = nil, randomNameSuffix: Bool = true, cmds: [String] = [], arguments: [String] = [],
        envVars: [EnvVar] = [], secretEnvVars: [String: String] = [:], labels: [String: String] = [:],
        annotations: [String: String] = [:], containerResources: ResourceRequirements? = nil,
        imagePullPolicy: String? = nil, imagePullSecrets: [String] = [], nodeSelector: [String: String] = [:],
        tolerations: [Toleration] = [], affinity: JSONValue? = nil, serviceAccountName: String? = nil,
        volumes: [JSONValue] = [], volumeMounts: [VolumeMount] = [], inCluster: Bool? = nil,
        clusterContext: String? = nil, configFile: String? = nil, startupTimeout: Duration = .seconds(120),
        onFinishAction: OnFinishAction = .deletePod, isDeleteOperatorPod: Bool? = nil, getLogs: Bool = true,
        skipOnExitCode: Set<Int> = [], logEventsOnFailure: Bool = false, reattachOnRestart: Bool = true,
        podTemplate: Pod? = nil, podTemplateFile: String? = nil, fullPodSpec: Pod? = nil,
        terminationGracePeriod: Duration? = nil, baseContainerName: String = "base",
        logDrainTimeout: Duration = .seconds(10), reconnectTimeout: Duration = .seconds(300)
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
        self.startupTimeout = startupTimeout
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
        self.logDrainTimeout = logDrainTimeout
        self.reconnectTimeout = reconnectTimeout
    }

    /// Airflow's alias of ``onFinishAction``: whether the pod is always deleted.
    public var isDeleteOperatorPod: Bool {
        get { onFinishAction == .deletePod }
        set { onFinishAction = newValue ? .deletePod : .keepPod }
    }
}
