import Foundation
import Logging

/// The context of one try, built the same way by the process that owns the run and by a ``TryWorker`` that claimed
/// the try in another process.
enum TryContext {
    /// `params` are the run's (the DAG's with the run's overrides); `overrides` the run's own, which also win over a
    /// task's params, as in Airflow.
    static func make(task: TaskNode, dag: DAG, run: DAGRunRecord, params: [String: JSONValue],
                     overrides: [String: JSONValue], tryNumber: Int, maxTries: Int, logs: TaskLogStore,
                     hooks: HookResolver, configuration: Engine.Configuration,
                     interruptedWork: ExternalHandle?) -> TaskContext {
        var taskParams = params
        if let own = task.options.params {
            taskParams = dag.params.merging(own) { _, task in task }.merging(overrides) { _, run in run }
        }
        let handler = TaskLogHandler(dagID: dag.dagID, runID: run.runID, taskID: task.taskID, tryNumber: tryNumber,
                                     store: logs, masker: configuration.masker, clock: configuration.clock,
                                     forward: configuration.logger)
        return TaskContext(dagID: dag.dagID, taskID: task.taskID, runID: run.runID, logicalDate: run.logicalDate,
                           tryNumber: tryNumber, maxTries: maxTries, params: taskParams,
                           logger: Logger(label: "updraft.task", factory: { _ in handler }),
                           store: configuration.store, hooks: hooks, clock: configuration.clock,
                           masker: configuration.masker, interruptedWork: interruptedWork, runType: run.runType,
                           dataIntervalStart: run.dataIntervalStart, dataIntervalEnd: run.dataIntervalEnd,
                           runAfter: run.runAfter)
    }
}
