import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Updraft

/// Change signals across the processes that share a database file: a writer that changed runs or DAGs touches a
/// signal file beside the database, and every process watching the folder with inotify wakes its readers. Only
/// run- and DAG-level changes signal (not the engine's task-instance writes), so a scheduler wakes when there is
/// something for it to do — a triggered or cleared run, an unpaused DAG — not on every commit.
final class SQLiteChangeSignal: Sendable {
    private let signalPath: String
    private let folder: String
    private let fileName: String
    private let broadcaster = ChangeBroadcaster()
    private let watcher = Mutex<(any DispatchSourceRead)?>(nil)

    /// Signals through the file `<databasePath><suffix>`.
    init(databasePath: String, suffix: String = "-signal") {
        signalPath = databasePath + suffix
        let url = URL(fileURLWithPath: signalPath)
        folder = url.deletingLastPathComponent().path
        fileName = url.lastPathComponent
    }

    deinit { watcher.withLock { $0?.cancel() } }

    /// Tells every watching process (this one included) that something changed.
    func signal() {
        let descriptor = open(signalPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            _ = withUnsafeBytes(of: UInt8(1)) { write(descriptor, $0.baseAddress, 1) }
            close(descriptor)
        } else {
            broadcaster.signal()  // no signal file (read-only folder): at least this process hears it
        }
    }

    /// A stream woken by every signal from now on.
    func stream() -> AsyncStream<Void> {
        startWatching()
        return broadcaster.stream()
    }

    private func startWatching() {
        watcher.withLock { watcher in
            guard watcher == nil else { return }
            let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0,
                  inotify_add_watch(descriptor, folder, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB)) >= 0 else {
                if descriptor >= 0 { close(descriptor) }
                return  // no inotify: signals from this process still arrive through `signal()`'s fallback
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor,
                                                       queue: DispatchQueue(label: "updraft.sqlite.signal"))
            let name = fileName
            let broadcaster = broadcaster
            source.setEventHandler {
                if Self.drain(descriptor).contains(name) { broadcaster.signal() }
            }
            source.setCancelHandler { close(descriptor) }
            source.resume()
            watcher = source
        }
    }

    /// Reads every queued inotify event and returns the file names they concern.
    private static func drain(_ descriptor: Int32) -> Set<String> {
        var names: Set<String> = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return names }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (length, name) = buffer.withUnsafeBytes { bytes -> (Int, String) in
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let end = min(start + Int(event.len), count)
                    let raw = bytes[start..<end].prefix { $0 != 0 }
                    return (Int(event.len), String(decoding: raw, as: UTF8.self))
                }
                names.insert(name)
                offset += MemoryLayout<inotify_event>.size + length
            }
        }
    }
}
