public import Updraft

extension Operator {
    /// Runs `execute` the way the engine runs a task try (marked as clock work), so an auto-advancing
    /// ``ManualClock`` skips every wait of a polling operator called directly with `TaskContext.forTesting`; a
    /// bare `execute` call is not counted as work, and such a clock would stop advancing after its first wake.
    public func executeAsTry(context: TaskContext, clock: ManualClock) async throws -> Output {
        clock.workBegan()
        defer { clock.workEnded() }
        return try await ClockWork.$isTaskTry.withValue(true) { try await execute(context: context) }
    }
}
