public import Foundation
public import Updraft

extension DAG {
    /// Runs the DAG once with LIVE hooks built from `connections` (no environment), for integration tests against
    /// local stand-ins such as UpdraftSandbox's Talend simulator on loopback; time comes from `clock`, so polling
    /// and retry waits cost no wall time.
    /// - Throws: `EngineError` when the run cannot start.
    public func testLive(
        connections: [GenericConnection], clock: ManualClock = ManualClock(autoAdvance: true),
        masker: SecretMasker = SecretMasker(), logicalDate: Date? = nil
    ) async throws -> DAGRunResult {
        let engine = Engine(configuration: Engine.Configuration(
            clock: clock, connections: ConnectionResolver(sources: [InMemoryConnectionSource(connections)]),
            masker: masker, hostname: "updraft-test"))
        return try await engine.run(self, logicalDate: logicalDate ?? clock.now())
    }
}
