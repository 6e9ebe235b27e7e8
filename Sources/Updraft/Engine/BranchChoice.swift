/// The task ids a branching operator's result names: a list of ids, one id, or none (`null`: every direct
/// downstream task is skipped, as with Airflow's `None`).
enum BranchChoice {
    static func taskIDs(in choice: JSONValue?) -> [String] {
        switch choice {
        case .string(let id)?: [id]
        case .array(let values)?: values.compactMap(\.stringValue)
        default: []
        }
    }

    /// Why `choice` cannot be followed in a DAG with tasks `known`, or nil when it can: every id must be a task of
    /// the DAG (Airflow: "'branch_task_ids' must contain only valid task_ids").
    static func problem(with choice: JSONValue?, known: [String: Int]) -> String? {
        if case .array(let values)? = choice, values.contains(where: { $0.stringValue == nil }) {
            return "the branch returned values that are not task ids: \(choice?.jsonText ?? "")"
        }
        let unknown = taskIDs(in: choice).filter { known[$0] == nil }
        guard !unknown.isEmpty else { return nil }
        return "the branch chose \(unknown.map { "'\($0)'" }.joined(separator: ", ")), which "
            + (unknown.count == 1 ? "is not a task" : "are not tasks") + " of this DAG"
    }
}
