/// Effective priorities of a DAG's tasks under their weight rules (Airflow's `priority_weight_total`).
enum PriorityWeights {
    /// One priority per task. `absolute` tasks cost nothing; `downstream`/`upstream` tasks walk their descendants
    /// or ancestors once each (the cost Airflow's default rule hides).
    static func compute(_ dag: DAG) -> [Int] {
        dag.tasks.indices.map { index in
            let task = dag.tasks[index]
            switch task.weightRule {
            case .absolute:
                return task.priorityWeight
            case .downstream:
                return task.priorityWeight + sum(from: index, in: dag) { dag.graph.downstream(of: $0) }
            case .upstream:
                return task.priorityWeight + sum(from: index, in: dag) { dag.graph.upstream(of: $0) }
            }
        }
    }

    private static func sum(from start: Int, in dag: DAG, next: (Int) -> ArraySlice<Int32>) -> Int {
        var seen: Set<Int> = [start]
        var stack = [start]
        var total = 0
        while let current = stack.popLast() {
            for neighbour in next(current) where seen.insert(Int(neighbour)).inserted {
                total += dag.tasks[Int(neighbour)].priorityWeight
                stack.append(Int(neighbour))
            }
        }
        return Int(clamping: Int32(clamping: total))
    }
}
