public import Foundation

/// Which runs to list: every filter left nil matches everything. Runs come newest logical date first.
public struct RunQuery: Sendable, Hashable {
    /// Runs of this DAG only.
    public var dagID: String?
    /// Runs in one of these states only.
    public var states: Set<DAGRunState>?
    /// Runs of one of these types only.
    public var runTypes: Set<DAGRunType>?
    /// Runs whose logical date is at or after this date.
    public var logicalDateFrom: Date?
    /// Runs whose logical date is before this date.
    public var logicalDateBefore: Date?
    /// At most this many runs.
    public var limit: Int?
    /// Skips this many runs first (paging).
    public var offset: Int
    /// Oldest first instead of newest first.
    public var oldestFirst: Bool

    /// A query; by default every run, newest first.
    public init(dagID: String? = nil, states: Set<DAGRunState>? = nil, runTypes: Set<DAGRunType>? = nil,
                logicalDateFrom: Date? = nil, logicalDateBefore: Date? = nil, limit: Int? = nil, offset: Int = 0,
                oldestFirst: Bool = false) {
        self.dagID = dagID
        self.states = states
        self.runTypes = runTypes
        self.logicalDateFrom = logicalDateFrom
        self.logicalDateBefore = logicalDateBefore
        self.limit = limit
        self.offset = offset
        self.oldestFirst = oldestFirst
    }

    /// Whether `run` passes the filters (ignoring limit and offset).
    public func matches(_ run: DAGRunRecord) -> Bool {
        if let dagID, run.dagID != dagID { return false }
        if let states, !states.contains(run.state) { return false }
        if let runTypes, !runTypes.contains(run.runType) { return false }
        if let logicalDateFrom, run.logicalDate < logicalDateFrom { return false }
        if let logicalDateBefore, run.logicalDate >= logicalDateBefore { return false }
        return true
    }
}
