/// A stand-in `updraft-sandbox` (or a test) can start: the sandbox starts each service in its list, records its
/// endpoint in the manifest and shuts them all down at the end. Adding a stand-in is adding one conformer.
public protocol SandboxService: Sendable {
    /// The service's key in ``SandboxManifest/services``, e.g. `"talend"`.
    var name: String { get }

    /// Starts the service; `stateDirectory` is where it may keep files (certificates, mail, kubeconfig).
    /// - Returns: The running service: its endpoint and how to stop it.
    func start(stateDirectory: String) async throws -> RunningSandboxService
}

/// A started ``SandboxService``.
public struct RunningSandboxService: Sendable {
    /// How clients reach it.
    public var endpoint: SandboxServiceEndpoint
    /// One human-readable line for the console, e.g. `"talend  http://127.0.0.1:8080 (token …)"`.
    public var summary: String
    /// Stops it.
    public var shutdown: @Sendable () async throws -> Void

    /// Creates a running-service record.
    public init(
        endpoint: SandboxServiceEndpoint, summary: String, shutdown: @escaping @Sendable () async throws -> Void
    ) {
        self.endpoint = endpoint
        self.summary = summary
        self.shutdown = shutdown
    }
}
