import Synchronization

extension PostgresTestServer {
    private static let sharedServer = Mutex<Task<PostgresTestServer, any Error>?>(nil)

    /// The test process's one server, started by the first test that asks (and removed when the process ends).
    /// Tests share it through databases of their own; a test that restarts or stops a server starts its own.
    /// - Throws: the start's failure, to every test that asks (they fail loudly, never skip).
    public static func shared() async throws -> PostgresTestServer {
        let task = sharedServer.withLock { task in
            if let task { return task }
            let started = Task { try await PostgresTestServer.start() }
            task = started
            return started
        }
        return try await task.value
    }
}
