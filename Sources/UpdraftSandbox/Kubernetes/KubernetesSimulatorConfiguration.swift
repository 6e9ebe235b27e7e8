/// How the simulated cluster behaves: credentials, namespaces, the image → behaviour table and its pace.
public struct KubernetesSimulatorConfiguration: Sendable {
    /// The bearer token every request must carry (`Authorization: Bearer …`); `nil` accepts any request (unless
    /// ``basicAuth`` is set).
    public var bearerToken: String?
    /// Basic credentials accepted besides the bearer token (kubeconfig `username`/`password`); `nil`: none.
    public var basicAuth: KubernetesBasicAuth?
    /// Namespaces that exist; creating a pod elsewhere gets 404 `namespaces "NS" not found`.
    public var namespaces: Set<String>
    /// Behaviour per image repository (tag and digest ignored), see ``KubernetesPodBehavior/defaultTable``.
    public var behaviors: [String: KubernetesPodBehavior]
    /// Behaviour of images missing from ``behaviors``.
    public var defaultBehavior: KubernetesPodBehavior
    /// Simulated time between two lifecycle steps of a pod (schedule, pull, start, each printed line, exit).
    public var tick: Duration
    /// Ticks between a graceful delete and the pod's removal (the simulated containers stop promptly on SIGTERM).
    public var terminationTicks: Int
    /// How many past changes a watch can resume from; older `resourceVersion`s get `410 Expired`.
    public var watchHistoryCapacity: Int
    /// The node every schedulable pod lands on.
    public var nodeName: String
    /// The `gitVersion` `/version` reports; its minor version picks the kubectl the gcloud dispatcher runs.
    public var kubernetesVersion: String

    /// Creates a configuration; the defaults give a fast (5 ms tick) cluster with namespaces `default` and
    /// `kube-system` and the built-in behaviour table.
    public init(
        bearerToken: String? = nil,
        basicAuth: KubernetesBasicAuth? = nil,
        namespaces: Set<String> = ["default", "kube-system"],
        behaviors: [String: KubernetesPodBehavior] = KubernetesPodBehavior.defaultTable,
        defaultBehavior: KubernetesPodBehavior = .succeed(lines: ["hello from the simulated cluster"]),
        tick: Duration = .milliseconds(5),
        terminationTicks: Int = 2,
        watchHistoryCapacity: Int = 1000,
        nodeName: String = "sim-node-1",
        kubernetesVersion: String = "v1.32.4"
    ) {
        self.bearerToken = bearerToken
        self.basicAuth = basicAuth
        self.namespaces = namespaces
        self.behaviors = behaviors
        self.defaultBehavior = defaultBehavior
        self.tick = tick
        self.terminationTicks = terminationTicks
        self.watchHistoryCapacity = watchHistoryCapacity
        self.nodeName = nodeName
        self.kubernetesVersion = kubernetesVersion
    }

    /// The behaviour of a container running `image`.
    public func behavior(forImage image: String) -> KubernetesPodBehavior {
        behaviors[KubernetesPodBehavior.repository(of: image)] ?? defaultBehavior
    }
}
