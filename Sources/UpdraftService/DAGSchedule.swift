import Foundation
import Updraft

/// One served DAG as the scheduler sees it: where its automated runs got to, and whether it is paused.
struct DAGSchedule {
    let dag: DAG
    /// The data interval of its latest scheduled or backfill run (nil before the first).
    var lastAutomated: DataInterval?
    var isPaused: Bool

    /// The most runs at once: `@continuous` DAGs run one at a time, as in Airflow.
    var maxActiveRuns: Int {
        if case .continuous = dag.timetable { return 1 }
        return dag.maxActiveRuns
    }

    private var restriction: TimeRestriction {
        TimeRestriction(earliest: dag.startDate, latest: dag.endDate, catchup: dag.catchup)
    }

    /// The next run the timetable wants, as of `now`.
    func nextRun(now: Date) -> DAGRunInfo? {
        dag.timetable.nextRun(after: lastAutomated, restriction: restriction, now: now)
    }

    /// The record a service registers for the DAG (its paused flag applies only if the store does not know it).
    func record(pausedUponCreation: Bool, next: DAGRunInfo?, now: Date) -> DAGRecord {
        let owners = Set(dag.tasks.map(\.owner)).sorted()
        return DAGRecord(
            dagID: dag.dagID, isPaused: dag.isPausedUponCreation ?? pausedUponCreation, description: dag.description,
            schedule: dag.schedule.description, timetable: dag.timetable.airflowName,
            timeZone: dag.timeZone.identifier, tags: dag.tags.sorted(), owners: owners, maxActiveRuns: maxActiveRuns,
            maxActiveTasks: dag.maxActiveTasks, nextLogicalDate: next?.logicalDate, nextRunAfter: next?.runAfter,
            lastSeenAt: now)
    }
}
