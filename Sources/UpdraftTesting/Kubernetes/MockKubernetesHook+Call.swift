public import UpdraftKubernetes

extension MockKubernetesHook {
    /// The methods of `KubernetesHook`, to name one in ``MockKubernetesHook/failNext(_:with:)`` or in an assertion.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case createPod, readPod, listPods, watchPod, deletePod, labelPod, podLogs, listEvents
    }

    /// One call a ``MockKubernetesHook`` received, with everything the live hook would have sent.
    public enum Call: Sendable, Hashable {
        /// `createPod`: the complete pod the operator sent (image, name, command, args, env, labels, resources,
        /// volumes…), before the server added its uid and status.
        case createPod(Pod, namespace: String)
        /// `readPod`.
        case readPod(name: String, namespace: String)
        /// `listPods` with a label selector (and a field selector such as `metadata.name=…`, when the operator
        /// re-lists one pod to watch it again).
        case listPods(namespace: String, labelSelector: String, fieldSelector: String?)
        /// `watchPod` from a resourceVersion.
        case watchPod(name: String, namespace: String, resourceVersion: String?)
        /// `deletePod` with a grace period (nil for the pod's own).
        case deletePod(name: String, namespace: String, gracePeriodSeconds: Int?)
        /// `labelPod`.
        case labelPod(name: String, namespace: String, labels: [String: String])
        /// `podLogs` (container, follow, timestamps, sinceTime).
        case podLogs(name: String, namespace: String, options: PodLogOptions)
        /// `listEvents` about a pod.
        case listEvents(podName: String, namespace: String)

        /// The method called.
        public var method: Method {
            switch self {
            case .createPod: .createPod
            case .readPod: .readPod
            case .listPods: .listPods
            case .watchPod: .watchPod
            case .deletePod: .deletePod
            case .labelPod: .labelPod
            case .podLogs: .podLogs
            case .listEvents: .listEvents
            }
        }

        /// The pod the call is about (nil for `listPods`).
        public var podName: String? {
            switch self {
            case .createPod(let pod, _): pod.metadata.name
            case .readPod(let name, _), .watchPod(let name, _, _), .deletePod(let name, _, _), .labelPod(let name, _, _),
                 .podLogs(let name, _, _), .listEvents(let name, _): name
            case .listPods: nil
            }
        }
    }
}

extension CallRecorder where Call == MockKubernetesHook.Call {
    /// The methods called, in order.
    public var methods: [MockKubernetesHook.Method] { all.map(\.method) }

    /// The pods created, complete as sent, in order.
    public var createdPods: [Pod] {
        all.compactMap { if case .createPod(let pod, _) = $0 { pod } else { nil } }
    }

    /// The deletions, in order: the pod's name and the grace period asked for.
    public var deletions: [(name: String, gracePeriodSeconds: Int?)] {
        all.compactMap { if case .deletePod(let name, _, let grace) = $0 { (name, grace) } else { nil } }
    }
}
