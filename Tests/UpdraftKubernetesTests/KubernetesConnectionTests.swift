import Testing
import Updraft
import UpdraftKubernetes

@Suite struct KubernetesConnectionTests {
    @Test func readsAirflowExtrasWithOrWithoutTheLegacyPrefix() throws {
        let generic = try GenericConnection(
            connID: "k8s",
            uri: "kubernetes://?extra__kubernetes__namespace=jobs&cluster_context=docker-desktop&disable_verify_ssl=true&kube_config_path=%2Fx%2Fconfig")
        let connection = try KubernetesConnection(generic)
        #expect(connection.namespace == "jobs")
        #expect(connection.clusterContext == "docker-desktop")
        #expect(connection.disableVerifySSL)
        #expect(connection.kubeConfigPath == "/x/config")
        #expect(connection.inCluster == nil)
    }

    @Test func conflictingSourcesAndWrongTypesAreRejected() throws {
        let both = GenericConnection(connID: "k8s", connType: "kubernetes",
                                     extra: ["in_cluster": true, "kube_config_path": "/x"])
        #expect(throws: ConnectionError.self) { try KubernetesConnection(both) }
        let http = GenericConnection(connID: "k8s", connType: "http")
        #expect(throws: ConnectionError.self) { try KubernetesConnection(http) }
    }

    @Test func kubeConfigContentIsUsedAndConnectionNamespaceWins() throws {
        let connection = KubernetesConnection(
            connID: "k8s", kubeConfig: """
                current-context: c
                clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
                contexts: [{name: c, context: {cluster: c, namespace: from-context}}]
                """, namespace: "from-connection")
        let configuration = try KubernetesClusterResolver(environment: [:]).resolve(connection: connection)
        #expect(configuration.server == "https://10.0.0.1:6443")
        #expect(configuration.namespace == "from-connection")
    }

    @Test func execPluginTimeoutIsAPositiveFiniteNumberOfSeconds() throws {
        func timeout(_ value: JSONValue) throws -> Duration? {
            try KubernetesConnection(GenericConnection(
                connID: "k8s", connType: "kubernetes", extra: ["exec_plugin_timeout": value])).execPluginTimeout
        }
        #expect(try timeout(.int(30)) == .seconds(30))
        #expect(try timeout(.string("2.5")) == .milliseconds(2500))
        for bad: JSONValue in [.int(0), .int(-5), .double(1e300), .string("nan"), .string("inf"), .bool(true)] {
            let error = #expect(throws: ConnectionError.self) { try timeout(bad) }
            #expect(error?.message.contains("exec_plugin_timeout") == true)
        }
        let connection = KubernetesConnection(kubeConfig: """
            current-context: c
            clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
            contexts: [{name: c, context: {cluster: c}}]
            """, execPluginTimeout: .seconds(5))
        let configuration = try KubernetesClusterResolver(environment: [:]).resolve(connection: connection)
        #expect(configuration.execPluginTimeout == .seconds(5))
    }
}
