public import Foundation
import ProcessTestSupport

/// A throwaway PostgreSQL 15 cluster for tests and benchmarks: `initdb` into a fresh folder, `pg_ctl start` on a free
/// loopback port (and a Unix socket in that folder), TLS on with a certificate made for the run, SCRAM passwords.
/// Started as the `postgres` system user when the tests run as root (initdb refuses root), directly otherwise.
///
/// Stopped and removed by ``stop()``, and in any case when the test process ends — even by a crash (see
/// ``ServerWatchdog``). Starting fails loudly, with the server's own log, when the binaries are missing or the
/// server does not come up: tests that need it never skip.
public final class PostgresTestServer: Sendable {
    /// How the cluster is set up.
    public struct Options: Sendable {
        /// Whether commits wait for the disk (`fsync`). Off for tests (faster; nothing here survives a power loss
        /// anyway), on for benchmarks whose latencies should be a real server's.
        public var durable: Bool
        /// More `postgresql.conf` settings (`shared_preload_libraries`…).
        public var settings: [String: String]

        /// Options; by default a fast, non-durable cluster.
        public init(durable: Bool = false, settings: [String: String] = [:]) {
            self.durable = durable
            self.settings = settings
        }
    }

    /// Debian's PostgreSQL 15 server programs.
    public static let binaries = "/usr/lib/postgresql/15/bin"
    /// The superuser `initdb` created.
    public static let superuser = "updraft_admin"
    /// A role that may connect only with TLS (pg_hba.conf rejects it otherwise), once a test creates it.
    public static let tlsOnlyRole = "tls_only"

    /// The folder holding the cluster, its log, its socket and its certificates.
    public let folder: URL
    /// The TCP port, on 127.0.0.1.
    public let port: Int
    /// The superuser's password (random per cluster).
    public let password: String
    /// The authority that signed the server's certificate (issued for `localhost`).
    public let certificates: TestCertificates
    let commands: ClusterCommands
    private let watchdog: ServerWatchdog

    /// Creates and starts a cluster.
    /// - Throws: ``PostgresTestServerError`` naming what failed, with the server's log when it did not start.
    public static func start(_ options: Options = Options()) async throws -> PostgresTestServer {
        let commands = try ClusterCommands.make()
        let password = "pw-" + UUID().uuidString
        try password.write(toFile: commands.folder.appending(path: "pwfile").path, atomically: true, encoding: .utf8)
        let certificates = try await TestCertificates.make(in: commands.folder.appending(path: "tls"))
        try commands.handOver()
        try await commands.run("initdb", [
            "-D", commands.data, "-U", superuser, "--pwfile=\(commands.folder.appending(path: "pwfile").path)",
            "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
        ])
        let watchdog = try ServerWatchdog(directory: commands.folder.path,
                                          stopCommand: commands.command("pg_ctl", ["stop", "-D", commands.data, "-m",
                                                                                   "immediate"]))
        try """
            local all all scram-sha-256
            hostnossl all \(tlsOnlyRole) 127.0.0.1/32 reject
            host all all 127.0.0.1/32 scram-sha-256
            """.write(toFile: commands.data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        var lastFailure: (any Error)?
        // A free port is found by binding port 0; another process may take it before the server does: try again.
        for _ in 0..<3 {
            let port = try unusedPort()
            try commands.configure(port: port, certificates: certificates, options: options)
            do {
                try await commands.run("pg_ctl", ["start", "-D", commands.data, "-l", commands.log, "-w", "-t", "60"])
                return PostgresTestServer(commands: commands, port: port, password: password,
                                          certificates: certificates, watchdog: watchdog)
            } catch {
                lastFailure = error
            }
        }
        await watchdog.release()
        throw lastFailure ?? PostgresTestServerError(description: "PostgreSQL did not start")
    }

    private init(commands: ClusterCommands, port: Int, password: String, certificates: TestCertificates,
                 watchdog: ServerWatchdog) {
        self.commands = commands
        folder = commands.folder
        self.port = port
        self.password = password
        self.certificates = certificates
        self.watchdog = watchdog
    }

    /// A `postgresql://` URL of `database` as the superuser (or `user` with `password`), with `sslmode` and more
    /// query parameters (`&…`).
    public func url(database: String, user: String? = nil, password: String? = nil, host: String = "127.0.0.1",
                    sslMode: String = "disable", parameters: String = "") -> String {
        let secret = (password ?? self.password).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "postgresql://\(user ?? Self.superuser):\(secret)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
            + parameters
    }

    /// Restarts the server (`pg_ctl restart -m fast`): every connection is closed.
    public func restart() async throws {
        try await commands.run("pg_ctl", ["restart", "-D", commands.data, "-l", commands.log, "-m", "fast", "-w",
                                          "-t", "60"])
    }

    /// Stops the server and removes its folder.
    public func stop() async {
        await watchdog.release()
    }

    /// The end of the server's log, for failure messages.
    public func logTail() -> String { commands.logTail() }

    /// A loopback port nothing listens on (bound to port 0, then released).
    public static func unusedPort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw PostgresTestServerError(description: "no free loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test server could not be made or used.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    /// What failed, with the server's output.
    public var description: String
}
