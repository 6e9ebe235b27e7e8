import UpdraftKubernetes

// A spelling of the first MockKubernetesHook, kept so existing tests compile while they move to `calls`.
extension MockKubernetesHook {
    /// The names of the pods created so far, in order.
    @available(*, deprecated, message: "use calls.createdPods, the complete pods as sent")
    public var createdPods: [String] { calls.createdPods.compactMap(\.metadata.name) }
}
