public import Updraft

/// The shape of a DAG as the command line draws it: tasks in declaration order, each with its operator and its
/// direct downstream tasks. Built from a live `DAG` or from a saved run archive (UpdraftCLI), so `show`, `report` and
/// the web UI draw a DAG the same way.
public struct DAGGraph: Sendable, Hashable, Codable {
    /// One task of the graph.
    public struct Node: Sendable, Hashable, Codable {
        /// The task id.
        public var taskID: String
        /// The operator's name.
        public var operatorName: String
        /// The ids of its direct downstream tasks.
        public var downstream: [String]

        /// Creates a node.
        public init(taskID: String, operatorName: String, downstream: [String]) {
            self.taskID = taskID
            self.operatorName = operatorName
            self.downstream = downstream
        }
    }

    /// The DAG id.
    public var dagID: String
    /// The tasks, in declaration order.
    public var tasks: [Node]

    /// Creates a graph.
    public init(dagID: String, tasks: [Node]) {
        self.dagID = dagID
        self.tasks = tasks
    }

    /// The graph of `dag`.
    public init(_ dag: DAG) {
        self.init(dagID: dag.dagID, tasks: dag.tasks.map {
            Node(taskID: $0.taskID, operatorName: $0.operatorName, downstream: dag.downstreamTaskIDs(of: $0.taskID))
        })
    }

    /// Every dependency as (upstream, downstream), in declaration order of the upstream task.
    public var edges: [(upstream: String, downstream: String)] {
        tasks.flatMap { task in task.downstream.map { (task.taskID, $0) } }
    }

    /// The layer of each task: 0 for tasks without upstream tasks, else one more than its deepest upstream task
    /// (longest path from a root), so every edge points to a later layer.
    public var layers: [[String]] {
        var upstreamCount: [String: Int] = [:]
        for task in tasks { upstreamCount[task.taskID, default: 0] += 0 }
        for edge in edges { upstreamCount[edge.downstream, default: 0] += 1 }
        var depth: [String: Int] = [:]
        var ready = tasks.map(\.taskID).filter { upstreamCount[$0] == 0 }
        let byID = Dictionary(tasks.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        for root in ready { depth[root] = 0 }
        var cursor = 0
        while cursor < ready.count {
            let current = ready[cursor]
            cursor += 1
            for child in byID[current]?.downstream ?? [] {
                depth[child] = max(depth[child] ?? 0, (depth[current] ?? 0) + 1)
                upstreamCount[child, default: 1] -= 1
                if upstreamCount[child] == 0 { ready.append(child) }
            }
        }
        var result: [[String]] = []
        for task in tasks {
            let layer = depth[task.taskID] ?? 0
            while result.count <= layer { result.append([]) }
            result[layer].append(task.taskID)
        }
        return result
    }
}
