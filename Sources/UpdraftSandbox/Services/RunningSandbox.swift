/// A set of started ``SandboxService``s and the manifest describing them.
public struct RunningSandbox: Sendable {
    /// The started services, in start order.
    public var services: [(name: String, service: RunningSandboxService)]
    /// Their endpoints, as written to `sandbox.json`.
    public var manifest: SandboxManifest

    /// Starts `services` in order; if one fails, the ones already started are shut down and the error is rethrown.
    ///
    /// Every service gets the same state directory, so TLS services share one CA through
    /// ``SandboxCertificates/reusingOrGenerating(in:clientCommonName:)`` on `<state>/tls`.
    /// - Parameters:
    ///   - services: The stand-ins to start.
    ///   - stateDirectory: Handed to each service for its files.
    /// - Throws: The first service's start error.
    public static func start(_ services: [any SandboxService], stateDirectory: String) async throws -> RunningSandbox {
        var sandbox = RunningSandbox(services: [], manifest: SandboxManifest())
        for service in services {
            do {
                let running = try await service.start(stateDirectory: stateDirectory)
                sandbox.services.append((service.name, running))
                sandbox.manifest.add(running.endpoint, as: service.name)
            } catch {
                try? await sandbox.shutdown()
                throw error
            }
        }
        return sandbox
    }

    /// Shuts the services down in reverse start order; every one is stopped even if another fails, and the first
    /// error is rethrown.
    public func shutdown() async throws {
        var firstError: (any Error)?
        for (_, service) in services.reversed() {
            do {
                try await service.shutdown()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }
}
