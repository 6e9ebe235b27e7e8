import Updraft

extension KubernetesPodOperator {
    /// The hook for this task: the test's or run's override for ``kubernetesConnID`` if any, else a live
    /// ``CurlKubernetesHook`` configured from the connection and this operator's cluster arguments. A missing
    /// `kubernetes_default` connection means auto-configuration, as in Airflow.
    func resolveHook(context: TaskContext) throws -> any KubernetesHook {
        let resolver = context.hooks
        let hasOverride = resolver.overrides.hook(for: kubernetesConnID) != nil
        let build: @Sendable (KubernetesConnection?) throws -> any KubernetesHook = { [self] connection in
            let configuration = try KubernetesClusterResolver().resolve(
                connection: connection, inCluster: inCluster, configFile: configFile, clusterContext: clusterContext)
            return CurlKubernetesHook(configuration: configuration, clock: context.clock, masker: context.masker)
        }
        // Cluster arguments make the live hook specific to this operator: do not share it through the run's cache.
        let operatorSpecific = inCluster != nil || configFile != nil || clusterContext != nil
        if hasOverride || resolver.requiresOverrides || !operatorSpecific {
            do {
                return try resolver.hook((any KubernetesHook).self, connID: kubernetesConnID) { generic in
                    try build(try KubernetesConnection(generic))
                }
            } catch let error as ConnectionError where error.code == .notFound && kubernetesConnID == "kubernetes_default" {
                return try build(nil)
            }
        }
        do {
            return try build(try KubernetesConnection(try resolver.connection(kubernetesConnID)))
        } catch let error as ConnectionError where error.code == .notFound && kubernetesConnID == "kubernetes_default" {
            return try build(nil)
        }
    }
}
