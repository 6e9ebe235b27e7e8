public import Foundation
import UpdraftCurl

/// Chooses the cluster configuration of a pod operator or hook the way Airflow's `KubernetesHook` does: operator
/// arguments override connection extras; then in-cluster, an explicit kubeconfig file, kubeconfig content, and
/// finally the default (in-cluster when the service variables are set, else `KUBECONFIG` / `~/.kube/config`).
public struct KubernetesClusterResolver: Sendable {
    /// The process environment (for `KUBECONFIG` and the in-cluster variables).
    public var environment: [String: String]
    /// The home directory (`~/.kube/config`): by default `$HOME`, as kubectl.
    public var homeDirectory: String
    /// The service-account directory of in-cluster configuration.
    public var serviceAccountDirectory: String

    /// Creates a resolver over the process environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = nil,
                serviceAccountDirectory: String = InClusterConfiguration.defaultDirectory) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? KubeconfigPath.home(environment)
        self.serviceAccountDirectory = serviceAccountDirectory
    }

    /// The cluster configuration for the given connection and operator overrides.
    /// - Parameters:
    ///   - connection: The `kubernetes` connection, if one exists.
    ///   - inCluster: The operator's `inCluster` (`nil`: the connection's, else auto-detect).
    ///   - configFile: The operator's kubeconfig file.
    ///   - clusterContext: The operator's context (ignored in-cluster).
    /// - Throws: ``KubernetesConfigError`` when the chosen source cannot be used.
    public func resolve(connection: KubernetesConnection?, inCluster: Bool? = nil, configFile: String? = nil,
                        clusterContext: String? = nil) throws -> ClusterConfiguration {
        let context = clusterContext ?? connection?.clusterContext
        var configuration: ClusterConfiguration
        if inCluster ?? connection?.inCluster ?? false {
            configuration = try InClusterConfiguration.load(environment: environment, directory: serviceAccountDirectory)
        } else if let path = configFile ?? connection?.kubeConfigPath {
            configuration = try KubeconfigLoader.clusterConfiguration(
                from: try KubeconfigLoader.load(file: path, homeDirectory: homeDirectory), context: context, source: path)
        } else if let content = connection?.kubeConfig {
            let source = "connection '\(connection?.connID ?? "")' extra kube_config"
            configuration = try KubeconfigLoader.clusterConfiguration(
                from: try KubeconfigLoader.parse(content, source: source, homeDirectory: homeDirectory), context: context,
                source: source)
        } else if inCluster == nil, connection?.inCluster == nil, InClusterConfiguration.isAvailable(environment: environment) {
            configuration = try InClusterConfiguration.load(environment: environment, directory: serviceAccountDirectory)
        } else {
            let (config, files) = try KubeconfigLoader.loadDefault(environment: environment, homeDirectory: homeDirectory)
            configuration = try KubeconfigLoader.clusterConfiguration(
                from: config, context: context, source: files.joined(separator: ":"))
        }
        if connection?.disableVerifySSL == true {
            configuration.tls.insecureSkipTLSVerify = true
            configuration.tls.trustRoots = nil
        }
        if let namespace = connection?.namespace { configuration.namespace = namespace }
        if let timeout = connection?.execPluginTimeout { configuration.execPluginTimeout = timeout }
        return configuration
    }
}
