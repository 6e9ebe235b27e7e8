/// Why a run could not start.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem stopped the run from starting.
    public enum Reason: String, Sendable, Hashable {
        /// The configuration cannot run the DAG (a pool missing or too small for a task).
        case configuration
        /// The run id given is empty or has characters outside ``RunID/allowedPattern``.
        case invalidRunID
        /// A run with this id exists and the caller did not ask to resume it.
        case runExists
        /// The caller asked to resume a run that does not exist.
        case runNotFound
        /// The run store failed.
        case store
        /// Another live process owns the run (its lease has not expired); the message names its pid and host.
        case runOwned
        /// The run to resume finished while this engine was taking it over: another process (a scheduler replica,
        /// a second `run --resume`) ran it to its end after this engine first read it and before it held the run's
        /// lease. Nothing was run or written — there is nothing left to do, as an Airflow scheduler leaves a
        /// finished DAG run alone. The message names the run and the state it finished in.
        case runFinished
        /// The queued run to start found its DAG full: `maxActiveRuns` other runs are active (on any scheduler
        /// sharing the store). Nothing was run or written; the run stays queued until one of them finishes.
        case activeRunsFull
    }

    /// The DAG.
    public var dagID: String
    /// The run concerned, when the problem is about one.
    public var runID: String?
    /// What kind of problem it is.
    public var reason: Reason
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(dagID: String, runID: String? = nil, reason: Reason = .configuration, message: String) {
        self.dagID = dagID
        self.runID = runID
        self.reason = reason
        self.message = message
    }

    public var description: String { "cannot run DAG '\(dagID)': \(message)" }
}
