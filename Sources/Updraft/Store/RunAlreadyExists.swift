/// Thrown by ``RunStore/createRun(_:)`` when the store already holds a run of the DAG with that run id.
public struct RunAlreadyExists: Error, Sendable, Hashable, CustomStringConvertible {
    /// The DAG.
    public var dagID: String
    /// The run id that is taken.
    public var runID: String

    /// Creates the error for run `runID` of `dagID`.
    public init(dagID: String, runID: String) {
        self.dagID = dagID
        self.runID = runID
    }

    public var description: String { "DAG '\(dagID)' already has a run '\(runID)'" }
}
