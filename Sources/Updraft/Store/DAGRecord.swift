public import Foundation

/// What the store knows of a DAG: whether it is paused, and what the scheduler last published about it for listings
/// (Airflow's `dag` table). A service registers its DAGs when it starts; pausing writes here, so every process and
/// replica sees it.
public struct DAGRecord: Sendable, Codable, Hashable {
    /// The DAG.
    public var dagID: String
    /// Paused DAGs get no scheduled runs and their queued runs wait.
    public var isPaused: Bool
    /// The DAG's description.
    public var description: String?
    /// The schedule as written (`0 2 * * *`, `@daily`, `None`).
    public var schedule: String
    /// Airflow's name of the DAG's timetable (`CronTriggerTimetable`…).
    public var timetable: String
    /// The time zone the schedule is read in.
    public var timeZone: String
    /// The DAG's tags.
    public var tags: [String]
    /// The tasks' owners.
    public var owners: [String]
    /// The most runs at once.
    public var maxActiveRuns: Int
    /// The most tasks of a run at once.
    public var maxActiveTasks: Int
    /// The logical date of the next scheduled run, as the scheduler last computed it.
    public var nextLogicalDate: Date?
    /// When the next scheduled run is due.
    public var nextRunAfter: Date?
    /// When a service last registered the DAG.
    public var lastSeenAt: Date?

    /// Creates a record.
    public init(dagID: String, isPaused: Bool = false, description: String? = nil, schedule: String = "None",
                timetable: String = "NullTimetable", timeZone: String = "UTC", tags: [String] = [],
                owners: [String] = [], maxActiveRuns: Int = 16, maxActiveTasks: Int = 16,
                nextLogicalDate: Date? = nil, nextRunAfter: Date? = nil, lastSeenAt: Date? = nil) {
        self.dagID = dagID
        self.isPaused = isPaused
        self.description = description
        self.schedule = schedule
        self.timetable = timetable
        self.timeZone = timeZone
        self.tags = tags
        self.owners = owners
        self.maxActiveRuns = maxActiveRuns
        self.maxActiveTasks = maxActiveTasks
        self.nextLogicalDate = nextLogicalDate
        self.nextRunAfter = nextRunAfter
        self.lastSeenAt = lastSeenAt
    }
}
