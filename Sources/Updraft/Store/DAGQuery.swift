/// Which registered DAGs to list, by DAG id: every filter left nil matches everything.
public struct DAGQuery: Sendable, Hashable {
    /// DAGs whose id contains this text, ignoring case (the API's `dag_id_pattern`).
    public var idContaining: String?
    /// Paused, or unpaused, DAGs only.
    public var paused: Bool?
    /// At most this many DAGs.
    public var limit: Int?
    /// Skips this many DAGs first (paging).
    public var offset: Int

    /// A query; by default every DAG.
    public init(idContaining: String? = nil, paused: Bool? = nil, limit: Int? = nil, offset: Int = 0) {
        self.idContaining = idContaining
        self.paused = paused
        self.limit = limit
        self.offset = offset
    }

    /// Whether `dag` passes the filters (ignoring limit and offset).
    public func matches(_ dag: DAGRecord) -> Bool {
        if let idContaining, !idContaining.isEmpty, !dag.dagID.lowercased().contains(idContaining.lowercased()) {
            return false
        }
        if let paused, dag.isPaused != paused { return false }
        return true
    }
}

extension RunStore {
    /// Every DAG read and filtered here: stores with a query language filter and page in the database instead.
    public func dags(matching query: DAGQuery) async throws -> [DAGRecord] {
        let matching = try await dags().filter(query.matches).dropFirst(query.offset)
        return Array(query.limit.map { matching.prefix($0) } ?? matching)
    }

    /// Every DAG read and counted here: stores with a query language count in the database instead.
    public func countDAGs(matching query: DAGQuery) async throws -> Int {
        try await dags().filter(query.matches).count
    }
}
