/// Which finished runs an ``InMemoryRunStore`` keeps: the most recently finished runs of each DAG, up to a
/// number, plus the runs a caller pinned (``InMemoryRunStore/pin(dagID:runID:)``). Runs that have not finished are
/// always kept. A released run is gone with its task instances and XCom values: history belongs in a durable store.
public struct RunRetention: Sendable, Hashable {
    /// How many finished runs of each DAG are kept besides pinned ones; nil keeps every run.
    public var finishedRunsPerDAG: Int?

    /// Keeps the `count` most recently finished runs of each DAG (at least one), plus pinned runs.
    public static func lastRuns(_ count: Int) -> RunRetention { RunRetention(finishedRunsPerDAG: max(1, count)) }

    /// Keeps every run: memory grows with every run the process makes (short-lived processes and tests only).
    public static let everyRun = RunRetention(finishedRunsPerDAG: nil)

    /// The default: the last 100 finished runs of each DAG.
    public static let standard = RunRetention.lastRuns(100)
}
