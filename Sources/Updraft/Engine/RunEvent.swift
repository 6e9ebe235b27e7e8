public import Foundation

/// A state change in a run, for progress displays, reports and metrics.
public struct RunEvent: Sendable, Hashable {
    /// What changed.
    public enum Change: Sendable, Hashable {
        /// The run changed state (started, finished).
        case run(DAGRunState)
        /// A task changed state; `tryNumber` is the try concerned.
        case task(taskID: String, state: TaskInstanceState, tryNumber: Int)
    }

    /// When it happened, on the run's clock.
    public var date: Date
    /// The DAG.
    public var dagID: String
    /// The run.
    public var runID: String
    /// What changed.
    public var change: Change
    /// The error or note that goes with it (masked), if any.
    public var message: String?

    /// Creates an event.
    public init(date: Date, dagID: String, runID: String, change: Change, message: String? = nil) {
        self.date = date
        self.dagID = dagID
        self.runID = runID
        self.change = change
        self.message = message
    }
}

/// Where the engine sends a run's events.
public struct RunEventSink: Sendable {
    private let deliver: @Sendable (RunEvent) -> Void
    private let close: @Sendable () -> Void

    /// A sink calling `deliver` for each event and `finish` when the run is over.
    public init(deliver: @escaping @Sendable (RunEvent) -> Void, finish: @escaping @Sendable () -> Void = {}) {
        self.deliver = deliver
        self.close = finish
    }

    /// An `AsyncStream` of events and the sink feeding it; the stream finishes when the run ends.
    ///
    /// ```swift
    /// let (events, sink) = RunEventSink.makeStream()
    /// async let result = engine.run(dag, events: sink)
    /// for await event in events { … }
    /// ```
    public static func makeStream() -> (AsyncStream<RunEvent>, RunEventSink) {
        let (stream, continuation) = AsyncStream.makeStream(of: RunEvent.self)
        return (stream, RunEventSink(deliver: { continuation.yield($0) }, finish: { continuation.finish() }))
    }

    /// One sink delivering to a run's own sink and to the configuration's observers, finishing only the former;
    /// nil when there is no one to tell (the engine then builds no events at all).
    static func fanOut(run: RunEventSink?, observers: [RunEventSink]) -> RunEventSink? {
        guard !observers.isEmpty else { return run }
        let sinks = (run.map { [$0] } ?? []) + observers
        return RunEventSink(deliver: { event in for sink in sinks { sink.send(event) } },
                            finish: { run?.finish() })
    }

    func send(_ event: RunEvent) { deliver(event) }

    func finish() { close() }
}
