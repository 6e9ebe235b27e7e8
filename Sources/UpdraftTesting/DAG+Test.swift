public import Foundation
public import Updraft

extension DAG {
    /// Runs the DAG in process for a test, with no network and no waiting (Airflow's `dag.test()`, without its
    /// database): hooks come only from `hooks` (a task reaching any other hook fails, naming the connection),
    /// connections only from `connections`, and time from a ``ManualClock`` that skips every delay.
    ///
    /// ```swift
    /// let result = try await dag.test(hooks: ["talend_api": mockHTTP])
    /// #expect(result.state == .success)
    /// #expect(result.state(of: "talend_api") == .success)
    /// ```
    /// - Parameters:
    ///   - hooks: mock hooks by connection id.
    ///   - connections: connections visible to tasks (none from the environment).
    ///   - params: run overrides of the DAG's params.
    ///   - logicalDate: the run's logical date; the clock's current time by default.
    ///   - clock: the clock; by default an auto-advancing ``ManualClock``.
    ///   - pools: the pools tasks draw slots from.
    ///   - alertHook: receives failure and retry alerts.
    ///   - store: where the run is recorded; in memory by default.
    ///   - runID: the run's id; by default `manual__<logical date>`.
    ///   - events: receives every state change.
    /// - Throws: `EngineError` when the run cannot start.
    public func test(
        hooks: [String: any Hook] = [:], connections: [GenericConnection] = [], params: [String: JSONValue] = [:],
        logicalDate: Date? = nil, clock: ManualClock = ManualClock(autoAdvance: true), pools: Pools = Pools(),
        alertHook: (any AlertHook)? = nil, store: any RunStore = InMemoryRunStore(), runID: String? = nil,
        events: RunEventSink? = nil
    ) async throws -> DAGRunResult {
        let engine = Engine(configuration: Engine.Configuration(
            clock: clock, store: store, connections: ConnectionResolver(sources: [InMemoryConnectionSource(connections)]),
            hookOverrides: HookOverrides(hooks), requiresHookOverrides: true, pools: pools, alertHook: alertHook,
            hostname: "updraft-test"))
        return try await engine.run(self, runID: runID, logicalDate: logicalDate ?? clock.now(), params: params,
                                    events: events)
    }
}
