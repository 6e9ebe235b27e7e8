import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the `openssl` command line tool synchronously, with `posix_spawnp` and `waitpid` on its own process id.
///
/// Not Foundation's `Process`: on Linux its exit notifications were lost when many processes ran at once (tests
/// running in parallel hung waiting for them). Output goes to a scratch file, so a chatty run can never block on a
/// full pipe.
enum OpenSSLCommand {
    /// Runs `openssl arguments…`; throws ``SandboxCertificatesError`` naming `step` when it cannot start or fails.
    static func run(step: String, _ arguments: [String]) throws {
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-openssl-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputFile) }

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = (["openssl"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, "openssl", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw SandboxCertificatesError(
                step: step, status: nil, output: "cannot run openssl: \(String(cString: strerror(spawned)))")
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw SandboxCertificatesError(
                    step: step, status: nil, output: "cannot wait for openssl: \(String(cString: strerror(errno)))")
            }
        }
        // The wait status encodes "exited with code" as the low 7 bits 0 and the code in the next byte.
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 else {
            let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            throw SandboxCertificatesError(step: step, status: code, output: output)
        }
    }
}
