/// Runs `operation` to completion even when the calling task is cancelled (Temporal's cancellation shield): for
/// clean-up work such as deleting a pod or terminating a remote execution after the task was cancelled.
@discardableResult
public func withCancellationShield<T: Sendable>(
    _ operation: @escaping @Sendable () async -> T
) async -> T {
    // An unstructured task does not inherit cancellation; awaiting its value waits for it to finish.
    await Task { await operation() }.value
}

/// Runs `operation`; if it ends because the task was cancelled, runs `cleanup` shielded from the cancellation and
/// then rethrows. For operators that must undo remote side effects (a created pod, a started job) on cancellation.
public func withCancellationCleanup<T>(
    _ operation: () async throws -> T,
    cleanup: @escaping @Sendable () async -> Void
) async throws -> T {
    do {
        return try await operation()
    } catch {
        if Task.isCancelled || error is CancellationError { await withCancellationShield(cleanup) }
        throw error
    }
}
