import Foundation
public import Logging

/// Serves a ``KubernetesSimulator`` over HTTPS as the `"kubernetes"` sandbox service.
///
/// It writes a kubeconfig into the state directory (cluster CA, server URL, bearer token) whose context is named
/// like the seed DAG's `cluster_context` (`docker-desktop`), and exports it as `KUBECONFIG`, so a DAG written for a
/// local Docker Desktop cluster runs against the stand-in unchanged. The seed's images (`your-repo/talendjob:*`)
/// print a Talend job's log lines and exit 0.
public struct KubernetesSandboxService: SandboxService {
    /// `"kubernetes"`.
    public let name = "kubernetes"
    /// The port to bind; 0 for any free one.
    public var port: Int
    /// The simulated cluster's behaviour.
    public var configuration: KubernetesSimulatorConfiguration
    /// The kubeconfig context name.
    public var contextName: String
    /// The server's logger.
    public var logger: Logger

    /// The log lines of the seed's containerised Talend jobs.
    public static let talendJobLines = [
        "[statistics] connecting to socket on port 3334",
        "[statistics] connected",
        "Hello from a containerised Talend job",
        "[statistics] disconnected",
        "Job talendjob ended at 2026-01-01 00:00. [exit code = 0]",
    ]

    /// Creates the service.
    /// - Parameters:
    ///   - port: The port; 0 for any free one.
    ///   - configuration: The cluster's behaviour; by default ``seedConfiguration(talendJobDuration:)``.
    ///   - contextName: The kubeconfig context (and cluster and user) name.
    ///   - logger: The server's logger.
    public init(
        port: Int = 0, configuration: KubernetesSimulatorConfiguration? = nil,
        contextName: String = "docker-desktop", logger: Logger = SandboxDefaults.disabledLogger
    ) {
        self.port = port
        self.configuration = configuration ?? Self.seedConfiguration()
        self.contextName = contextName
        self.logger = logger
    }

    /// The built-in `sim/*` images plus the seed's `your-repo/talendjob` image, whose pods print
    /// ``talendJobLines`` spread evenly over `talendJobDuration` (all at once by default): a few seconds let a
    /// person, or a browser test, follow a running pod's log.
    public static func seedConfiguration(talendJobDuration: Duration = .zero) -> KubernetesSimulatorConfiguration {
        var configuration = KubernetesSimulatorConfiguration()
        let ticksPerLine = Int(talendJobDuration / configuration.tick) / talendJobLines.count
        configuration.behaviors["your-repo/talendjob"] = ticksPerLine > 1
            ? .succeedSlowly(lines: talendJobLines, everyTicks: ticksPerLine)
            : .succeed(lines: talendJobLines)
        return configuration
    }

    /// Starts the HTTPS server with certificates in `<state>/kubernetes` and writes `<state>/kubeconfig`.
    public func start(stateDirectory: String) async throws -> RunningSandboxService {
        let state = URL(fileURLWithPath: stateDirectory, isDirectory: true)
        let cluster = try await KubernetesSimulator.start(
            configuration: configuration, port: port,
            certificateDirectory: state.appendingPathComponent("kubernetes").path, logger: logger)
        let kubeconfig = state.appendingPathComponent("kubeconfig").path
        do {
            try cluster.writeKubeconfig(to: kubeconfig, contextName: contextName)
        } catch {
            try? await cluster.shutdown()
            throw error
        }
        return RunningSandboxService(
            endpoint: SandboxServiceEndpoint(
                host: SandboxDefaults.host, port: cluster.port, baseURL: cluster.baseURL,
                settings: ["kubeconfig": kubeconfig, "context": contextName],
                environment: ["KUBECONFIG": kubeconfig], caCertificateFile: cluster.caCertificateFile),
            summary: "kubernetes  \(cluster.baseURL)  (KUBECONFIG=\(kubeconfig), context \(contextName))",
            shutdown: { try await cluster.shutdown() })
    }
}
