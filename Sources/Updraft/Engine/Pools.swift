/// Named pools of slots that limit how many tasks run at once across every run and DAG sharing a store (Airflow's
/// pools).
public struct Pools: Sendable, Hashable {
    /// The pool tasks use unless they name another.
    public static let defaultPoolName = "default_pool"
    /// Airflow's default size of `default_pool`.
    public static let defaultPoolSlots = 128

    /// Slots per pool name.
    public var slots: [String: Int]

    /// Pools with these sizes; `default_pool` has 128 slots unless given.
    public init(_ slots: [String: Int] = [:]) {
        self.slots = slots
        if self.slots[Pools.defaultPoolName] == nil { self.slots[Pools.defaultPoolName] = Pools.defaultPoolSlots }
    }
}
