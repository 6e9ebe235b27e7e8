import Foundation
import ProcessTestSupport

/// One `updraft-replica-fixture serve` process (built next to this benchmark) on the benchmark's database, under a
/// host name of its own: a killed replica is then taken over only when its lease lapses, as across machines (on one
/// host a dead owner's pid would be noticed at once).
struct BenchmarkReplica: Sendable {
    /// What every replica of a measurement shares.
    struct Setup: Sendable {
        var databaseURL: String
        var directory: URL
        var leaseSeconds: Double
        var fixture: URL
        /// Whether the replicas share every run's tries (`serve --share-tries`).
        var sharesTries: Bool

        /// A setup whose replicas log to `directory`; the fixture is looked up next to this executable.
        init(databaseURL: String, directory: URL, leaseSeconds: Double, sharesTries: Bool) throws {
            self.databaseURL = databaseURL
            self.directory = directory
            self.leaseSeconds = leaseSeconds
            self.sharesTries = sharesTries
            let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            fixture = here.appending(path: "updraft-replica-fixture")
            guard FileManager.default.isExecutableFile(atPath: fixture.path) else {
                throw BenchmarkError("\(fixture.path) is missing: build the product updraft-replica-fixture too")
            }
        }
    }

    let process: ChildProcess
    let hostname: String
    var pid: Int32 { process.pid }

    /// Starts replica number `number` without waiting for it.
    init(_ setup: Setup, number: Int) throws {
        hostname = "bench-replica-\(number)"
        process = try ChildProcess(setup.fixture.path, [
            "serve", "--db", setup.databaseURL, "--port", "0", "--grace-period", "10",
            "--runs-dir", setup.directory.appending(path: "runs").path,
        ] + (setup.sharesTries ? ["--share-tries"] : []), directory: setup.directory.path, extraEnvironment: [
            "TERM": "dumb", "UPDRAFT_HOME": setup.directory.appending(path: ".updraft").path,
            "REPLICA_LEASE_SECONDS": String(setup.leaseSeconds), "REPLICA_CLAIM_SECONDS": String(setup.leaseSeconds),
            "REPLICA_HOSTNAME": hostname,
        ])
    }

    /// Waits until the replica serves.
    func ready() async throws {
        guard await process.waitForOutput(containing: "API server listening", timeout: .seconds(120)) else {
            process.signal(SIGKILL)
            let exit = try await process.exit()
            throw BenchmarkError("replica \(hostname) did not come up: \(exit.stdout)\n\(exit.stderr)")
        }
    }

    /// `kill -9`, then waits for the end.
    func kill() async throws {
        process.signal(SIGKILL)
        _ = try await process.exit()
    }

    /// SIGTERM, then waits for the end.
    func stop() async throws {
        process.signal(SIGTERM)
        _ = try await process.exit(timeout: .seconds(60))
    }
}

/// What stopped the benchmark.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
