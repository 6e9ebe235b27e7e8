public import Foundation

/// When a scheduled run is due and what it covers (Airflow's `DagRunInfo`).
public struct DAGRunInfo: Sendable, Hashable {
    /// The run's logical date: the start of its data interval.
    public var logicalDate: Date { dataInterval.start }
    /// The earliest time the run may start (Airflow's `run_after`).
    public var runAfter: Date
    /// The data the run covers; start and end are equal for trigger timetables, which have no interval.
    public var dataInterval: DataInterval

    /// A run due at `runAfter` covering `dataInterval`.
    public init(runAfter: Date, dataInterval: DataInterval) {
        self.runAfter = runAfter
        self.dataInterval = dataInterval
    }

    /// A run of one interval, due when the interval ends (Airflow's `DagRunInfo.interval`).
    public static func interval(start: Date, end: Date) -> DAGRunInfo {
        DAGRunInfo(runAfter: end, dataInterval: DataInterval(start: start, end: end))
    }
}

/// A span of data time, `[start, end)` (Airflow's `DataInterval`).
public struct DataInterval: Sendable, Hashable, Codable {
    /// Where it begins.
    public var start: Date
    /// Where it ends.
    public var end: Date

    /// An interval.
    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}

/// What bounds a timetable's runs (Airflow's `TimeRestriction`): the DAG's start and end dates and `catchup`.
public struct TimeRestriction: Sendable, Hashable {
    /// No run before this (the DAG's start date).
    public var earliest: Date?
    /// No run after this (the DAG's end date).
    public var latest: Date?
    /// Create every run since the last one (true), or only the latest due one (false).
    public var catchup: Bool

    /// A restriction.
    public init(earliest: Date?, latest: Date?, catchup: Bool) {
        self.earliest = earliest
        self.latest = latest
        self.catchup = catchup
    }
}
