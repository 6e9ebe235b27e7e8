/// How to reach one running stand-in, and what a user would configure to point a DAG at it.
public struct SandboxServiceEndpoint: Sendable, Codable, Equatable {
    /// The address it listens on (loopback).
    public var host: String
    /// The port it listens on.
    public var port: Int
    /// Its base URL, for HTTP services.
    public var baseURL: String?
    /// Service-specific settings: `token` (Talend), `mailDirectory` (SMTP), `kubeconfig` (Kubernetes), …
    public var settings: [String: String]
    /// The environment variables that point a DAG at this service, exactly as a user would set them
    /// (`AIRFLOW_CONN_TALEND_API`, `AIRFLOW__SMTP__SMTP_HOST`, `KUBECONFIG`, …).
    public var environment: [String: String]
    /// The CA certificate (PEM file) clients must trust, when the service speaks TLS.
    public var caCertificateFile: String?

    /// Creates an endpoint description.
    /// - Parameters:
    ///   - host: The listening address.
    ///   - port: The listening port.
    ///   - baseURL: The base URL of an HTTP service.
    ///   - settings: Service-specific settings.
    ///   - environment: The environment variables a user would set to use this service.
    ///   - caCertificateFile: The CA to trust when the service speaks TLS.
    public init(
        host: String, port: Int, baseURL: String? = nil, settings: [String: String] = [:],
        environment: [String: String] = [:], caCertificateFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.baseURL = baseURL
        self.settings = settings
        self.environment = environment
        self.caCertificateFile = caCertificateFile
    }
}
