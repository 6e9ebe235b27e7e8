import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a reader when files are created or written in a directory (Linux inotify), so the live log follows a task's
/// log file as the engine appends to it instead of polling it on a timer.
///
/// The directory may not exist yet (a try's first line creates it): its nearest existing ancestor is watched until
/// it appears. The stream may wake spuriously; it ends when its reader stops iterating (the watch thread is woken
/// through a pipe and closes its descriptors) or when inotify fails.
enum DirectoryChanges {
    static func stream(of directory: URL) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        var wake: [Int32] = [-1, -1]
        guard inotify >= 0, pipe(&wake) == 0 else {
            if inotify >= 0 { close(inotify) }
            continuation.finish()
            return stream
        }
        let watch = Watch(inotify: inotify, wakeRead: wake[0], wakeWrite: wake[1], target: directory.path)
        continuation.onTermination = { _ in watch.stop() }
        let thread = Thread { watch.run(continuation) }
        thread.name = "updraft-directory-changes"
        thread.start()
        return stream
    }

    /// The descriptors of one watch; only the watch thread reads them, `stop` only writes to the pipe.
    private final class Watch: Sendable {
        let inotify: Int32
        let wakeRead: Int32
        let wakeWrite: Int32
        let target: String

        init(inotify: Int32, wakeRead: Int32, wakeWrite: Int32, target: String) {
            self.inotify = inotify
            self.wakeRead = wakeRead
            self.wakeWrite = wakeWrite
            self.target = target
        }

        func stop() {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }

        func run(_ continuation: AsyncStream<Void>.Continuation) {
            defer {
                close(inotify)
                close(wakeRead)
                close(wakeWrite)
                continuation.finish()
            }
            var watchingTarget = addWatch()
            var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let ready = poll(&descriptors, 2, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if descriptors[1].revents != 0 { return }
                guard descriptors[0].revents != 0 else { continue }
                // The events themselves do not matter: any change makes the reader look at the file again.
                while read(inotify, &buffer, buffer.count) > 0 {}
                if !watchingTarget { watchingTarget = addWatch() }
                continuation.yield()
            }
        }

        /// Watches the target, or its nearest existing ancestor for the target's creation; true once the target is
        /// watched.
        private func addWatch() -> Bool {
            var path = target
            while true {
                let mask = path == target ? UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO) : UInt32(IN_CREATE | IN_MOVED_TO)
                if inotify_add_watch(inotify, path, mask) >= 0 { return path == target }
                let parent = (path as NSString).deletingLastPathComponent
                if parent == path || parent.isEmpty { return false }
                path = parent
            }
        }
    }
}
