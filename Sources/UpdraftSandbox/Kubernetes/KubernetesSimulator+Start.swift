import Foundation
public import Logging

extension KubernetesSimulator {
    /// Starts a simulated cluster served over HTTPS on loopback, with throwaway certificates: the one-call setup
    /// for integration tests and the demo.
    ///
    /// Every request must carry `Authorization: Bearer <token>` (the configured
    /// ``KubernetesSimulatorConfiguration/bearerToken``, or a random one when it is `nil`), unless
    /// `requireClientCertificate` is set: then the TLS handshake demands a client certificate signed by the
    /// simulator's CA and authenticates the client instead of the token.
    /// - Parameters:
    ///   - configuration: Behaviours, pace, namespaces and token of the cluster.
    ///   - port: The loopback port; 0 (the default) lets the system pick a free one.
    ///   - certificateDirectory: Where to write the certificates (kept after shutdown, e.g. for a demo); `nil` uses
    ///     a fresh temporary directory that ``RunningKubernetesSimulator/shutdown()`` removes.
    ///   - requireClientCertificate: Serve mutual TLS (for clients configured with `client-certificate-data`).
    ///   - clock: Time source; pass a ``KubernetesManualClock`` to step the cluster by hand.
    ///   - logger: Receives request handling diagnostics (never credentials); disabled by default.
    /// - Returns: The running cluster; stop it with ``RunningKubernetesSimulator/shutdown()``.
    /// - Throws: ``SandboxCertificatesError`` when the certificates cannot be made, NIO's error when binding fails.
    public static func start(
        configuration: KubernetesSimulatorConfiguration = KubernetesSimulatorConfiguration(),
        port: Int = 0,
        certificateDirectory: String? = nil,
        requireClientCertificate: Bool = false,
        clock: any KubernetesSimulatorClock = KubernetesSystemClock(),
        logger: Logger = SandboxDefaults.disabledLogger
    ) async throws -> RunningKubernetesSimulator {
        let ownsDirectory = certificateDirectory == nil
        let directory =
            certificateDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("updraft-k8s-sim-\(UUID().uuidString)")
            .path
        do {
            let certificates = try SandboxCertificates.generate(in: directory)
            let token = configuration.bearerToken ?? "sim-" + UUID().uuidString.lowercased()
            var served = configuration
            served.bearerToken = requireClientCertificate ? nil : token
            let simulator = KubernetesSimulator(configuration: served, clock: clock, logger: logger)
            let server: SandboxHTTPServer
            do {
                server = try await SandboxHTTPServer.start(
                    port: port,
                    tls: SandboxTLSConfiguration(
                        certificates: certificates, requireClientCertificate: requireClientCertificate),
                    handler: simulator, logger: logger)
            } catch {
                simulator.shutdown()
                throw error
            }
            return RunningKubernetesSimulator(
                simulator: simulator, server: server, token: token, certificates: certificates,
                directory: directory, removesDirectory: ownsDirectory)
        } catch {
            if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
    }
}
