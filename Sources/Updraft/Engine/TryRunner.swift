import Foundation
import Logging

/// How one try of a task ended.
enum TryOutcome: Sendable {
    case success(JSONValue?)
    case skipped(String)
    case failed(String, retryable: Bool)
    case timedOut(String)
    case cancelled(String)
}

/// What a finished try reports to the run's main loop.
struct TryReport: Sendable {
    var index: Int
    var tryNumber: Int
    var start: Date
    var end: Date
    var outcome: TryOutcome
    var willRetry: Bool
}

/// Runs one try of one task inside a child of the run's task group: the operator (raced against its execution
/// timeout), XCom push, callbacks and alerts. Run state is never touched here: the main loop owns it.
struct TryRunner: Sendable {
    let index: Int
    let node: TaskNode
    let context: TaskContext
    let store: any RunStore
    let clock: any UpdraftClock
    let alertHook: (any AlertHook)?
    let hostname: String
    /// Whether earlier tries may have left XCom values to clear (Airflow clears them when a try starts).
    let clearsXComs: Bool
    /// For a branching operator, the DAG's task ids: a choice naming another id fails the try, as in Airflow.
    let branchTargets: [String: Int]?

    func run() async -> TryReport {
        let start = clock.now()
        var outcome: TryOutcome
        do {
            if clearsXComs {
                try await store.clearXComs(taskID: node.taskID, dagID: context.dagID, runID: context.runID)
            }
            await invoke(node.options.onExecuteCallback, name: "onExecuteCallback", context: context)
            outcome = try await execute()
        } catch {
            outcome = .failed(context.masker.mask("run store error: \(error)"), retryable: true)
        }
        let willRetry = outcome.isRetryable && context.tryNumber < context.maxTries
        await report(outcome, willRetry: willRetry)
        return TryReport(index: index, tryNumber: context.tryNumber, start: start, end: clock.now(),
                         outcome: outcome, willRetry: willRetry)
    }

    private func execute() async throws -> TryOutcome {
        let result: Result<JSONValue?, any Error>
        var timedOut = false
        if let timeout = node.options.executionTimeout {
            (result, timedOut) = await race(deadline: clock.now().adding(timeout))
        } else {
            result = await Self.execute(node.op, context)
        }
        switch result {
        case .success(let value):
            if let branchTargets, let problem = BranchChoice.problem(with: value, known: branchTargets) {
                return .failed(context.masker.mask(problem), retryable: true)
            }
            if let value, value != .null, node.doXComPush {  // like Airflow, a None result pushes nothing
                try await store.setXCom(value, key: XComAccess.returnValueKey, taskID: node.taskID,
                                        dagID: context.dagID, runID: context.runID)
            }
            return .success(value)
        case .failure(let error):
            if timedOut || Task.isCancelled {
                let op = node.op
                let context = context
                await withCancellationShield { await op.onKill(context: context) }
                if timedOut, let timeout = node.options.executionTimeout {
                    return .timedOut(TaskTimeoutError(taskID: node.taskID, timeout: timeout).description)
                }
                return .cancelled("cancelled while running")
            }
            return classify(error)
        }
    }

    private func classify(_ error: any Error) -> TryOutcome {
        switch error {
        case let skip as SkipTask: .skipped(context.masker.mask(skip.reason))
        case let fail as FailWithoutRetry: .failed(context.masker.mask(fail.reason), retryable: false)
        default: .failed(context.masker.mask(String(describing: error)), retryable: true)
        }
    }

    private enum RaceResult: Sendable {
        case finished(Result<JSONValue?, any Error>)
        case timerFired
        case timerCancelled
    }

    /// Runs the operator against a timer; the first to finish wins and the other is cancelled.
    private func race(deadline: Date) async -> (Result<JSONValue?, any Error>, timedOut: Bool) {
        let op = node.op
        let context = context
        let clock = clock
        let timer = clock.makeTimer(until: deadline)
        return await withTaskGroup(of: RaceResult.self) { group in
            group.addTask { .finished(await Self.execute(op, context)) }
            group.addTask {
                do {
                    try await timer.wait()
                    return .timerFired
                } catch {
                    return .timerCancelled
                }
            }
            var finished: Result<JSONValue?, any Error>?
            var timedOut = false
            for await result in group {
                switch result {
                case .finished(let value):
                    finished = value
                    group.cancelAll()
                case .timerFired:
                    if finished == nil {
                        timedOut = true
                        group.cancelAll()
                    }
                    // A time-skipping clock counts the wake of a timer as work until it is handled: hand it back,
                    // after the operator was cancelled, so time cannot run on past the timeout first.
                    clock.workEnded()
                case .timerCancelled:
                    break
                }
            }
            return (finished ?? .failure(CancellationError()), timedOut)
        }
    }

    private static func execute<O: Operator>(_ op: O, _ context: TaskContext) async -> Result<JSONValue?, any Error> {
        do {
            let output = try await ClockWork.$isTaskTry.withValue(true) { try await op.execute(context: context) }
            let value = try JSONValue(encoding: output)
            return .success(value == .null ? nil : value)
        } catch {
            return .failure(error)
        }
    }

    /// Callbacks and alerts for the outcome.
    private func report(_ outcome: TryOutcome, willRetry: Bool) async {
        var failedContext = context
        switch outcome {
        case .success:
            await invoke(node.options.onSuccessCallback, name: "onSuccessCallback", context: context)
        case .skipped(let reason):
            context.logger.info("task skipped: \(reason)")
            await invoke(node.options.onSkippedCallback, name: "onSkippedCallback", context: context)
        case .failed(let message, _), .timedOut(let message):
            context.logger.error("try \(context.tryNumber) of \(context.maxTries) failed: \(message)")
            failedContext.failure = message
            if willRetry {
                await invoke(node.options.onRetryCallback, name: "onRetryCallback", context: failedContext)
                if node.emailOnRetry { await alert(.retry, message: message) }
            } else {
                await invoke(node.options.onFailureCallback, name: "onFailureCallback", context: failedContext)
                if node.emailOnFailure { await alert(.failure, message: message) }
            }
        case .cancelled(let message):
            context.logger.warning("try \(context.tryNumber) \(message)")
        }
    }

    private func invoke(_ callback: TaskCallback?, name: String, context: TaskContext) async {
        guard let callback else { return }
        do {
            try await shieldedResult { try await callback(context) }.get()
        } catch {
            context.logger.error("\(name) failed: \(context.masker.mask(String(describing: error)))")
        }
    }

    private func alert(_ kind: TaskAlert.Kind, message: String) async {
        guard let recipients = node.options.email, !recipients.isEmpty else { return }
        guard let alertHook else {
            context.logger.warning("email\(kind == .failure ? "OnFailure" : "OnRetry") is set but the engine has no alert hook")
            return
        }
        let alert = TaskAlert(kind: kind, recipients: recipients, dagID: context.dagID, taskID: node.taskID,
                              runID: context.runID, logicalDate: context.logicalDate, tryNumber: context.tryNumber,
                              maxTries: context.maxTries, error: message, hostname: hostname)
        do {
            try await shieldedResult { try await alertHook.send(alert) }.get()
            context.logger.info("sent \(kind.rawValue) alert to \(recipients.addresses.joined(separator: ", "))")
        } catch {
            context.logger.error("could not send the \(kind.rawValue) alert: \(context.masker.mask(String(describing: error)))")
        }
    }
}

extension TryOutcome {
    var isRetryable: Bool {
        switch self {
        case .failed(_, let retryable): retryable
        case .timedOut: true
        default: false
        }
    }
}

/// `withCancellationShield` for throwing work: the result carries the error out of the shield.
private func shieldedResult(
    _ operation: @escaping @Sendable () async throws -> Void
) async -> Result<Void, any Error> {
    await withCancellationShield {
        do {
            try await operation()
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
