import Foundation
import Testing
import Updraft
import UpdraftTesting

/// One row of the branching table: a small DAG with a branch, what its tasks do and when (on the manual clock),
/// and the state Airflow 3 gives every task.
struct BranchingCase: CustomTestStringConvertible, Sendable {
    /// What a task does, `after` seconds into its try (0: at once).
    enum Work: Sendable {
        /// A branch choosing these task ids (none: Airflow's `None` or `[]`).
        case branch(after: Int, choose: [String])
        case succeed(after: Int)
        /// Fails without retry.
        case fail(after: Int)
        /// Fails its first try (it has one retry, an hour later), succeeds on the second.
        case failFirstTry(after: Int)
    }

    struct TaskSpec: Sendable {
        var id: String
        var work: Work
        var rule: TriggerRule = .allSuccess
        var pool: String? = nil
    }

    /// The moments (seconds into the run) of the two events whose order a row checks: the branch's choice and
    /// another task's end. Rows are run with every timing listed and must end the same.
    struct Timing: Sendable, CustomStringConvertible {
        var branch: Int
        var other: Int
        var description: String { branch < other ? "branch first" : "branch last" }
    }

    var name: String
    var tasks: @Sendable (Timing) -> [TaskSpec]
    var edges: [(String, String)]
    var timings: [Timing] = [Timing(branch: 10, other: 5)]
    var expected: [String: TaskInstanceState]
    var runState: DAGRunState
    /// The run must end before this many seconds of the manual clock (a retry an hour away must not be waited for).
    var endsWithin: TimeInterval? = nil

    var testDescription: String { name }

    func dag() -> (Timing) throws -> DAG {
        { timing in
            try DAG("branching") { dag in
                var handles: [String: TaskHandle] = [:]
                for spec in tasks(timing) {
                    var options = TaskOptions(triggerRule: spec.rule, pool: spec.pool)
                    if case .failFirstTry = spec.work {
                        options.retries = 1
                        options.retryDelay = .hours(1)
                    }
                    handles[spec.id] = switch spec.work {
                    case .branch(let after, let choice):
                        dag.task(spec.id, TimedBranch(after: after, choice: choice), options: options)
                    default:
                        dag.task(spec.id, Step(work: spec.work), options: options)
                    }
                }
                for (from, to) in edges {
                    if let upstream = handles[from], let downstream = handles[to] { upstream >> downstream }
                }
            }
        }
    }
}

/// A branching operator that decides after a while on the clock.
struct TimedBranch: BranchingOperator {
    var after: Int
    var choice: [String]

    func execute(context: TaskContext) async throws -> [String] {
        if after > 0 { try await context.clock.sleep(for: .seconds(after)) }
        return choice
    }
}

/// The work of a non-branching task of the table.
struct Step: Operator {
    var work: BranchingCase.Work

    func execute(context: TaskContext) async throws -> JSONValue? {
        switch work {
        case .branch: return nil
        case .succeed(let after):
            if after > 0 { try await context.clock.sleep(for: .seconds(after)) }
            return nil
        case .fail(let after):
            if after > 0 { try await context.clock.sleep(for: .seconds(after)) }
            throw FailWithoutRetry("boom")
        case .failFirstTry(let after):
            if after > 0 { try await context.clock.sleep(for: .seconds(after)) }
            if context.tryNumber == 1 { throw Boom() }
            return nil
        }
    }
}
