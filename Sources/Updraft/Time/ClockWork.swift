/// Marks the code of a running task try as a unit of work for the clock.
///
/// The engine sets it around `Operator.execute`; a time-skipping test clock reads it to know that a task sleeping on
/// the clock is idle (so virtual time may advance) rather than a timer of the engine's own.
public enum ClockWork {
    /// Whether the current task is inside a task try's `execute`.
    @TaskLocal public static var isTaskTry = false
}
