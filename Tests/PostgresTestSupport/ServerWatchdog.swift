import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Stops a test's PostgreSQL server and removes its folder when the test process ends — normally, after a failed
/// test, or by a crash. A small shell process reads a pipe whose only writer is this process; the end of this
/// process (however it comes) closes the pipe, and the shell then runs the stop command and deletes the folder. It
/// runs in a session of its own, so a Ctrl-C aimed at the tests does not kill it before it has cleaned up.
final class ServerWatchdog: Sendable {
    private let pid: pid_t
    private let writeEnd: Int32
    private let released = Mutex(false)

    /// Every watchdog not yet released, released when the process exits normally (so the cleanup is done, not
    /// merely started, when the process ends).
    private static let live = Mutex<[ServerWatchdog]>([])
    private static let exitHook: Void = { atexit { ServerWatchdog.releaseAll() } }()

    /// Watches over `directory`, running `stopCommand` and then `rm -rf directory` once released.
    init(directory: String, stopCommand: [String]) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw PostgresTestServerError(description: "pipe failed: errno \(errno)") }
        // Neither end may leak into another child (the server above all): the pipe would then never close.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let script = "cat >/dev/null; \"$@\" >/dev/null 2>&1; rm -rf \"$0\""
        // setsid: a session of its own (-w: should it have to fork, its parent stays to be waited for).
        let arguments = ["/usr/bin/setsid", "-w", "/bin/sh", "-c", script, directory] + stopCommand
        do {
            pid = try Spawn.start(arguments, input: pipeEnds[0])
        } catch {
            close(pipeEnds[0])
            close(pipeEnds[1])
            throw error
        }
        close(pipeEnds[0])
        writeEnd = pipeEnds[1]
        _ = Self.exitHook
        Self.live.withLock { $0.append(self) }
    }

    /// Closes the pipe and waits (off the cooperative pool) until the server is stopped and its folder removed.
    func release() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.releaseNow()
                continuation.resume()
            }
        }
    }

    /// Closes the pipe and waits until the server is stopped and its folder removed. Idempotent.
    private func releaseNow() {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        close(writeEnd)
        _ = Spawn.waitNow(pid)
        Self.live.withLock { $0.removeAll { $0 === self } }
    }

    private static func releaseAll() {
        for watchdog in live.withLock({ $0 }) { watchdog.releaseNow() }
    }
}
