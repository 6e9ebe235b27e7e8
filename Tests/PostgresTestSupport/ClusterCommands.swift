import Foundation

/// The cluster's folder and the server programs run on it — as the `postgres` system user when this process is
/// root (initdb and the server refuse to run as root), as this process's user otherwise.
struct ClusterCommands: Sendable {
    let folder: URL
    var data: String { folder.appending(path: "data").path }
    var log: String { folder.appending(path: "server.log").path }
    private let asServerUser: Bool

    static func make() throws -> ClusterCommands {
        let binary = PostgresTestServer.binaries + "/initdb"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw PostgresTestServerError(description: """
                PostgreSQL 15 is not installed (\(binary) is missing): install Debian's postgresql package \
                (bash scripts/install-deps.sh)
                """)
        }
        let root = geteuid() == 0
        // As root, a folder the postgres user can reach (a root-only TMPDIR would hide it).
        let base = root ? URL(fileURLWithPath: "/tmp") : FileManager.default.temporaryDirectory
        let folder = base.appending(path: "updraft-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return ClusterCommands(folder: folder, asServerUser: root)
    }

    /// Gives the folder (and what was written in it) to the user the server runs as.
    func handOver() throws {
        guard asServerUser else { return }
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return }
        let owner: [FileAttributeKey: Any] = [.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"]
        try FileManager.default.setAttributes(owner, ofItemAtPath: folder.path)
        for case let item as String in enumerator {
            try FileManager.default.setAttributes(owner, ofItemAtPath: folder.appending(path: item).path)
        }
    }

    /// The server's settings for this start (rewritten whole each time: the port may change between attempts).
    func configure(port: Int, certificates: TestCertificates, options: PostgresTestServer.Options) throws {
        var settings = [
            "listen_addresses": "'127.0.0.1'", "port": "\(port)", "unix_socket_directories": "'\(folder.path)'",
            "max_connections": "400", "shared_buffers": "32MB", "ssl": "on",
            "ssl_cert_file": "'\(certificates.certificate)'", "ssl_key_file": "'\(certificates.key)'",
            "fsync": options.durable ? "on" : "off", "full_page_writes": options.durable ? "on" : "off",
            "synchronous_commit": "on", "log_min_messages": "warning",
        ]
        settings.merge(options.settings) { _, new in new }
        let text = settings.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
        // Written in place (not atomically), so the file keeps its owner, the server's user.
        try (text + "\n").write(toFile: data + "/postgresql.auto.conf", atomically: false, encoding: .utf8)
    }

    /// `program` (a server program) with its arguments, as the server's user.
    func command(_ program: String, _ arguments: [String]) -> [String] {
        let path = PostgresTestServer.binaries + "/" + program
        return asServerUser ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
    }

    /// Runs a server program to its end.
    /// - Throws: ``PostgresTestServerError`` with its output and the end of the server's log when it fails.
    func run(_ program: String, _ arguments: [String]) async throws {
        let command = command(program, arguments)
        let output = folder.appending(path: "commands.log").path
        let status = try await Spawn.run(command, output: output)
        guard status == 0 else {
            let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw PostgresTestServerError(description: """
                \(program) \(arguments.first ?? "") failed (status \(status)): \(printed.suffix(2_000))
                server log: \(logTail())
                """)
        }
    }

    func logTail() -> String {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "(no log)").suffix(3_000).description
    }
}
