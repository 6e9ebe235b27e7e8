import Foundation
import ProcessTestSupport
import Testing

/// One `updraft-replica-fixture serve` process on the test's database: started, waited for until its API server
/// listens (its scheduler starts with it), killed with `kill -9` or stopped with SIGTERM.
struct Replica: Sendable {
    /// What every replica of a test shares: the executable, the database, the working directory and environment.
    struct Setup: Sendable {
        var fixture: URL
        var databaseURL: String
        var directory: URL
        var environment: [String: String]
        /// Whether the replicas spread every run's tries over each other (`serve --share-tries`).
        var sharesTries: Bool

        /// A setup in `directory` (Updraft home, task logs and the bodies file inside), run leases and try claims
        /// of `leaseSeconds`, plus `environment` (the sandbox's).
        init(databaseURL: String, directory: URL, leaseSeconds: Double, environment: [String: String] = [:],
             sharesTries: Bool = false) throws {
            fixture = try BuildProducts.executable("updraft-replica-fixture")
            self.databaseURL = databaseURL
            self.directory = directory
            self.sharesTries = sharesTries
            self.environment = environment.merging([
                "TERM": "dumb", "UPDRAFT_HOME": directory.appending(path: ".updraft").path,
                "REPLICA_BODIES": directory.appending(path: "bodies.txt").path, "REPLICA_LEASE_SECONDS": String(leaseSeconds),
                "REPLICA_CLAIM_SECONDS": String(leaseSeconds),
            ]) { _, new in new }
        }

        /// The file every task body appends its line to.
        var bodies: URL { URL(fileURLWithPath: environment["REPLICA_BODIES"] ?? "") }
    }

    let process: ChildProcess
    var pid: Int32 { process.pid }

    /// Starts a replica without waiting for it; with a `hostname` of its own its leases name that host (a killed
    /// replica is then taken over only once its lease lapses, as across machines).
    init(_ setup: Setup, hostname: String? = nil) throws {
        process = try ChildProcess(setup.fixture.path, [
            "serve", "--db", setup.databaseURL, "--port", "0", "--grace-period", "10",
            "--runs-dir", setup.directory.appending(path: "runs").path,
        ] + (setup.sharesTries ? ["--share-tries"] : []), directory: setup.directory.path,
           extraEnvironment: setup.environment.merging(hostname.map { ["REPLICA_HOSTNAME": $0] } ?? [:]) { _, new in new })
    }

    /// Waits until the replica serves (its API server listens, after its store opened and migrated).
    /// - Throws: ``ReplicaTestError`` with its output when it ended or took longer than `timeout`.
    func ready(timeout: Duration = .seconds(120)) async throws {
        guard await process.waitForOutput(containing: "API server listening", timeout: timeout) else {
            process.signal(SIGKILL)
            let exit = try await process.exit()
            throw ReplicaTestError("replica \(pid) did not come up (status \(exit.status)):\n\(exit.stdout)\n\(exit.stderr)")
        }
    }

    /// Starts `count` replicas together and waits until every one serves.
    static func startAll(_ count: Int, _ setup: Setup) async throws -> [Replica] {
        let replicas = try (0..<count).map { _ in try Replica(setup) }
        for replica in replicas { try await replica.ready() }
        return replicas
    }

    /// `kill -9`, then waits for the end.
    func kill() async throws {
        process.signal(SIGKILL)
        _ = try await process.exit()
    }

    /// Stops every replica gracefully, one after the other, expecting each to exit 0; returns their standard outputs.
    static func stopAll(_ replicas: [Replica]) async throws -> [String] {
        var outputs: [String] = []
        for replica in replicas {
            let exit = try await replica.stop()
            #expect(exit.status == 0, """
                graceful shutdown of \(replica.pid): \(exit.stdout.suffix(2_000))\n\(exit.stderr.suffix(2_000))
                """)
            outputs.append(exit.stdout)
        }
        return outputs
    }

    /// SIGTERM (graceful shutdown), then waits for the end.
    func stop() async throws -> ChildProcess.Exit {
        process.signal(SIGTERM)
        return try await process.exit(timeout: .seconds(60))
    }
}
