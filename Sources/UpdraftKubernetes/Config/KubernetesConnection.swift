import Foundation
public import Updraft

/// A `kubernetes` connection, read with Airflow's extras (plain or with the legacy `extra__kubernetes__` prefix):
/// `in_cluster`, `kube_config_path`, `kube_config` (kubeconfig content, YAML/JSON text or an object), `namespace`,
/// `cluster_context`, `disable_verify_ssl`, `disable_tcp_keepalive`, and Updraft's `exec_plugin_timeout` (seconds an
/// exec credential plugin may run, 60 by default). `in_cluster`, `kube_config_path` and `kube_config` are mutually
/// exclusive.
public struct KubernetesConnection: Connection, Sendable {
    /// `kubernetes`.
    public static let connectionType = "kubernetes"

    /// The connection id.
    public var connID: String
    /// Use the pod's service account.
    public var inCluster: Bool?
    /// A kubeconfig file.
    public var kubeConfigPath: String?
    /// Kubeconfig content (YAML or JSON).
    public var kubeConfig: String?
    /// The default namespace of pods.
    public var namespace: String?
    /// The kubeconfig context.
    public var clusterContext: String?
    /// Skip verification of the server certificate.
    public var disableVerifySSL: Bool
    /// Airflow's TCP keep-alive switch (accepted; libcurl's defaults apply).
    public var disableTCPKeepalive: Bool
    /// How long an exec credential plugin may run (`nil`: ``ClusterConfiguration/defaultExecPluginTimeout``).
    public var execPluginTimeout: Duration?

    /// Creates a connection from its values.
    public init(connID: String = "kubernetes_default", inCluster: Bool? = nil, kubeConfigPath: String? = nil,
                kubeConfig: String? = nil, namespace: String? = nil, clusterContext: String? = nil,
                disableVerifySSL: Bool = false, disableTCPKeepalive: Bool = false, execPluginTimeout: Duration? = nil) {
        self.connID = connID
        self.inCluster = inCluster
        self.kubeConfigPath = kubeConfigPath
        self.kubeConfig = kubeConfig
        self.namespace = namespace
        self.clusterContext = clusterContext
        self.disableVerifySSL = disableVerifySSL
        self.disableTCPKeepalive = disableTCPKeepalive
        self.execPluginTimeout = execPluginTimeout
    }

    /// Reads the extras of a generic connection.
    /// - Throws: `ConnectionError` for a wrong type, a malformed value or conflicting sources.
    public init(_ generic: GenericConnection) throws {
        if let type = generic.connType, type != Self.connectionType {
            throw ConnectionError(.wrongType, connID: generic.connID,
                                  "is of type '\(type)', a Kubernetes hook needs 'kubernetes'")
        }
        let connID = generic.connID
        func value(_ key: String) -> JSONValue? {
            let found = generic.extra[key] ?? generic.extra["extra__kubernetes__\(key)"]
            if found == .null || found?.stringValue == "" { return nil }
            return found
        }
        func text(_ key: String) throws -> String? {
            guard let found = value(key) else { return nil }
            guard let string = found.stringValue else {
                throw ConnectionError(.invalidField, connID: connID, "extra '\(key)' must be a string")
            }
            return string
        }
        func flag(_ key: String) throws -> Bool? {
            switch value(key) {
            case nil: return nil
            case .bool(let bool)?: return bool
            case .string(let string)? where ["true", "false"].contains(string.lowercased()):
                return string.lowercased() == "true"
            default: throw ConnectionError(.invalidField, connID: connID, "extra '\(key)' must be true or false")
            }
        }
        self.connID = connID
        inCluster = try flag("in_cluster")
        kubeConfigPath = try text("kube_config_path")
        switch value("kube_config") {
        case nil: kubeConfig = nil
        case .string(let content)?: kubeConfig = content
        case .object(let object)?: kubeConfig = JSONValue.object(object).jsonText
        default: throw ConnectionError(.invalidField, connID: connID, "extra 'kube_config' must be text or an object")
        }
        namespace = try text("namespace")
        clusterContext = try text("cluster_context")
        disableVerifySSL = try flag("disable_verify_ssl") ?? false
        disableTCPKeepalive = try flag("disable_tcp_keepalive") ?? false
        execPluginTimeout = try Self.seconds(value("exec_plugin_timeout"), key: "exec_plugin_timeout", connID: connID)
        let sources = [inCluster == true ? "in_cluster" : nil, kubeConfigPath.map { _ in "kube_config_path" },
                       kubeConfig.map { _ in "kube_config" }].compactMap { $0 }
        if sources.count > 1 {
            throw ConnectionError(.invalidField, connID: connID,
                                  "extras \(sources.joined(separator: ", ")) are mutually exclusive; set only one")
        }
    }

    /// A positive, finite number of seconds (at most a day), as a number or numeric text.
    private static func seconds(_ value: JSONValue?, key: String, connID: String) throws -> Duration? {
        let number: Double?
        switch value {
        case nil: return nil
        case .int(let int)?: number = Double(int)
        case .double(let double)?: number = double
        case .string(let text)?: number = Double(text.trimmingCharacters(in: .whitespaces))
        default: number = nil
        }
        guard let number, number.isFinite, number > 0, number <= 86_400 else {
            throw ConnectionError(.invalidField, connID: connID,
                                  "extra '\(key)' must be a number of seconds above 0 and at most 86400")
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }
}
