import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the server's programs with nothing of this process but what they are given: every descriptor above 2 is
/// closed in the child. Foundation's `Process` leaves descriptors open, and the server (which `pg_ctl` leaves
/// running for the whole test process) would hold on to the pipes of whatever other child a test was starting at the
/// same moment — whose reader then never sees their end.
enum Spawn {
    /// Starts `arguments` (an absolute path first): standard input from `input` (else `/dev/null`), standard output
    /// and error appended to the file `output` (else `/dev/null`).
    static func start(_ arguments: [String], input: Int32? = nil, output: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeEverythingAbove2(&actions)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, nil, argv, environ)
        guard status == 0 else {
            throw PostgresTestServerError(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return child
    }

    /// Runs `arguments` to its end and returns its exit status (128 + the signal when a signal ended it).
    static func run(_ arguments: [String], output: String) async throws -> Int32 {
        let child = try start(arguments, output: output)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: waitNow(child)) }
        }
    }

    /// Blocks until `child` ends; its exit status.
    static func waitNow(_ child: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not declare.
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private static func closeEverythingAbove2(_ actions: inout posix_spawn_file_actions_t) throws {
        guard let addCloseFrom else {
            throw PostgresTestServerError(description: "this C library lacks posix_spawn_file_actions_addclosefrom_np")
        }
        guard addCloseFrom(&actions, 3) == 0 else {
            throw PostgresTestServerError(description: "posix_spawn_file_actions_addclosefrom_np failed: errno \(errno)")
        }
    }
}
