/// How a task's effective priority is computed from the `priorityWeight`s of the DAG (Airflow's `weight_rule`).
///
/// Updraft's default is ``absolute``, unlike Airflow's `downstream`: summing over every descendant costs a
/// transitive closure, which is quadratic on large DAGs. Choose ``downstream`` or ``upstream`` for Airflow's
/// behaviour; the engine then computes the sums once at the start of a run.
public enum WeightRule: String, Sendable, Codable, Hashable {
    /// The task's own `priorityWeight`.
    case absolute
    /// Its weight plus the weights of every task downstream of it (Airflow's default).
    case downstream
    /// Its weight plus the weights of every task upstream of it.
    case upstream
}
