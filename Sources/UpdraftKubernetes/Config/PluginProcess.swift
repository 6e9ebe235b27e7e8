import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A credential plugin's process, started in a process group of its own with stdin from `/dev/null` and stdout and
/// stderr captured in memory (each up to a cap), so that it and every child it forks can be killed at once.
///
/// The blocking calls (`read`, `waitid`, `waitpid`) run on dispatch threads, never on the cooperative pool.
final class PluginProcess: Sendable {
    /// What the process left behind.
    struct Outcome: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        var stdout: CappedOutput
        var stderr: CappedOutput
    }

    /// Bytes read from a pipe, at most `limit` of them kept.
    struct CappedOutput: Sendable {
        var bytes: [UInt8] = []
        var truncated = false
    }

    /// The process id, which is also the id of its process group.
    let pid: pid_t
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let limits: (stdout: Int, stderr: Int)
    private let killed = Atomic<Bool>(false)
    /// Set once the plugin itself has exited (and the rest of its group was killed).
    private let exited = Atomic<Bool>(false)

    private init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32, limits: (stdout: Int, stderr: Int)) {
        self.pid = pid
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.limits = limits
    }

    /// Starts `executable` (an absolute or relative path) with `arguments` and `environment`.
    /// - Throws: ``PluginProcessError`` when the process cannot be started (the `errno` text).
    static func spawn(
        executable: String, arguments: [String], environment: [String: String], directory: String?,
        limits: (stdout: Int, stderr: Int)
    ) throws -> PluginProcess {
        let stdoutPipe = try makePipe()
        let stderrPipe = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if let directory {
            guard let chdir = SpawnExtensions.addChdir else {
                throw PluginProcessError(message: "this C library cannot start a process in another directory")
            }
            _ = directory.withCString { chdir(&actions, $0) }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2)
        // Descriptors the rest of the process opened without close-on-exec must not leak into the plugin.
        if let closeFrom = SpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        // Its own process group (pgid = pid), default signal handling and an empty signal mask.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(stdoutPipe.write)
        close(stderrPipe.write)
        guard result == 0 else {
            close(stdoutPipe.read)
            close(stderrPipe.read)
            throw PluginProcessError(message: String(cString: strerror(result)))
        }
        return PluginProcess(pid: pid, stdoutFD: stdoutPipe.read, stderrFD: stderrPipe.read, limits: limits)
    }

    /// Waits for the process to exit, kills what is left of its group (children still holding the pipes), and
    /// returns its status and output. Call ``killGroup()`` (from a cancellation handler) to end it early.
    func finish() async -> Outcome {
        async let stdout = drain(stdoutFD, limit: limits.stdout)
        async let stderr = drain(stderrFD, limit: limits.stderr)
        let status = await waitForExit()
        return Outcome(status: status, stdout: await stdout, stderr: await stderr)
    }

    /// Sends SIGKILL to the whole process group (the plugin and every child it forked).
    func killGroup() {
        killed.store(true, ordering: .relaxed)
        kill(-pid, SIGKILL)
    }

    /// Whether ``killGroup()`` was called.
    var wasKilled: Bool { killed.load(ordering: .relaxed) }

    /// Waits (without reaping, so the group id stays reserved) until the leader exits, kills the rest of its
    /// group, then reaps it.
    private func waitForExit() async -> Int32 {
        let pid = self.pid
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
                kill(-pid, SIGKILL)
                self.exited.store(true, ordering: .releasing)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }
        }
    }

    /// Reads `descriptor` to its end, keeping the first `limit` bytes, then closes it. A descendant that left the
    /// process group may hold the pipe open for ever: once the plugin has exited, reading stops after a second.
    private func drain(_ descriptor: Int32, limit: Int) async -> CappedOutput {
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var output = CappedOutput()
                var buffer = [UInt8](repeating: 0, count: 16384)
                var exitSeen: ContinuousClock.Instant?
                while true {
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&poller, 1, 100)
                    if ready == 0 {
                        guard self.exited.load(ordering: .acquiring) else { continue }
                        let seen = exitSeen ?? .now
                        exitSeen = seen
                        if ContinuousClock.now - seen > .seconds(1) { break }
                        continue
                    }
                    if ready < 0 { if errno == EINTR { continue } else { break } }
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    let room = max(0, limit - output.bytes.count)
                    output.bytes += buffer.prefix(min(room, count))
                    if count > room { output.truncated = true }
                }
                close(descriptor)
                continuation.resume(returning: output)
            }
        }
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw PluginProcessError(message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Only the plugin gets these (as its stdout and stderr), not other children of this process.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}

/// A plugin process could not be started.
struct PluginProcessError: Error, Sendable {
    var message: String
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29) and `…_addclosefrom_np` (2.34), which its Swift module
/// does not export: looked up at run time, `nil` where the C library lacks them.
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }
}
