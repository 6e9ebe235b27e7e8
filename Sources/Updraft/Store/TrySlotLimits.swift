/// The limits a try's start must fit in, across every run and every process sharing a store: the DAG's
/// `maxActiveTasks` (Airflow counts it over all of the DAG's runs) and the sizes of the pools its tasks use (Airflow's
/// pools are shared by every DAG). Given to ``RunStore/startTries(_:dagID:runID:limits:)``.
public struct TrySlotLimits: Sendable, Hashable {
    /// How many tries of the DAG may run at once, over all of its runs.
    public var maxActiveTasks: Int
    /// Slots per pool name; a pool not named here is not limited.
    public var poolSizes: [String: Int]

    /// Limits of `maxActiveTasks` running tries and pools of these sizes.
    public init(maxActiveTasks: Int, poolSizes: [String: Int]) {
        self.maxActiveTasks = maxActiveTasks
        self.poolSizes = poolSizes
    }

    /// The candidates that fit, in their order (highest priority first), beside `running` tries of the DAG and
    /// `poolUsage` slots in use per pool; each admitted one counts against those after it. A candidate that does not
    /// fit is passed over, and a later one of another pool may still fit, as Airflow's scheduler does.
    public func admit(_ candidates: [TaskInstanceRecord], running: Int, poolUsage: [String: Int])
        -> [TaskInstanceRecord] {
        var running = running
        var usage = poolUsage
        var admitted: [TaskInstanceRecord] = []
        for candidate in candidates where running < maxActiveTasks {
            let used = usage[candidate.pool, default: 0]
            if let size = poolSizes[candidate.pool], used + candidate.poolSlots > size { continue }
            running += 1
            usage[candidate.pool] = used + candidate.poolSlots
            admitted.append(candidate)
        }
        return admitted
    }
}
