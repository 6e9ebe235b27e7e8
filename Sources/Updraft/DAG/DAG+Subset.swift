extension DAG {
    /// A copy of this DAG keeping only some tasks (Airflow's `dag.partial_subset`), for running one task alone
    /// (`airflow tasks test`) or a part of a workflow.
    ///
    /// Dependencies among the kept tasks stay; dependencies on removed tasks disappear, so a kept task whose
    /// upstream tasks were removed becomes a root.
    /// - Parameters:
    ///   - taskIDs: the tasks to keep.
    ///   - includeUpstream: also keep every task upstream of them, transitively.
    ///   - includeDownstream: also keep every task downstream of them, transitively.
    /// - Throws: ``DAGError`` with code ``DAGError/Code/unknownTask`` naming an id the DAG does not have.
    public func partialSubset(
        taskIDs: some Sequence<String>, includeUpstream: Bool = false, includeDownstream: Bool = false
    ) throws -> DAG {
        var kept = Set<String>()
        var frontier: [String] = []
        for taskID in taskIDs {
            guard task(taskID) != nil else {
                throw DAGError(.unknownTask, dagID: dagID, "the DAG has no task '\(taskID)'")
            }
            if kept.insert(taskID).inserted { frontier.append(taskID) }
        }
        var pending = frontier
        while let taskID = pending.popLast() {
            let neighbours = (includeUpstream ? upstreamTaskIDs(of: taskID) : [])
                + (includeDownstream ? downstreamTaskIDs(of: taskID) : [])
            for neighbour in neighbours where kept.insert(neighbour).inserted { pending.append(neighbour) }
        }
        return try DAG(
            dagID, description: description, schedule: schedule, startDate: startDate, endDate: endDate,
            catchup: catchup, timeZone: timeZone, createDataIntervals: createDataIntervals,
            isPausedUponCreation: isPausedUponCreation, defaultArgs: defaultArgs, maxActiveTasks: maxActiveTasks,
            maxActiveRuns: maxActiveRuns, dagrunTimeout: dagrunTimeout, failFast: failFast, params: params, tags: tags,
            onSuccessCallback: onSuccessCallback, onFailureCallback: onFailureCallback
        ) { builder in
            var handles: [String: TaskHandle] = [:]
            for node in tasks where kept.contains(node.taskID) {
                handles[node.taskID] = builder.task(node.taskID, node.op, options: node.options)
            }
            for edge in edges {
                if let upstream = handles[edge.upstream], let downstream = handles[edge.downstream] {
                    upstream >> downstream
                }
            }
        }
    }
}
