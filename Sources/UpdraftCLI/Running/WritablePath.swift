import ArgumentParser
import Foundation

/// Checks, before a run starts, that the command can write where its options say, so that an hour of work is not
/// lost to a typo in a path found only when the report is written.
enum WritablePath {
    /// Makes `path` (a directory) if needed and creates and removes a file in it.
    /// - Throws: `ValidationError` naming `option` and the path, with the reason.
    static func checkDirectory(_ path: String, option: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("\(option) '\(path)' is not a writable directory: \(reason(error))")
        }
        try probe(in: url.path, option: option, shown: path)
    }

    /// Checks that a file can be written at `path`: not a directory, and its directory exists (or can be made) and
    /// takes new files; an existing file must be writable.
    /// - Throws: `ValidationError` naming `option` and the path, with the reason.
    static func checkFile(_ path: String, option: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw ValidationError("\(option) '\(path)' is a directory, not a file") }
            guard access(url.path, W_OK) == 0 else {
                throw ValidationError("\(option) '\(path)' is not writable: \(String(cString: strerror(errno)))")
            }
        }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("\(option) '\(path)': cannot create its directory: \(reason(error))")
        }
        try probe(in: folder.path, option: option, shown: path)
    }

    /// Creates and removes a file in `directory`.
    private static func probe(in directory: String, option: String, shown: String) throws {
        let probe = directory + "/.updraft-write-check-\(getpid())-\(UUID().uuidString)"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ValidationError("\(option) '\(shown)' is not writable: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        unlink(probe)
    }

    private static func reason(_ error: any Error) -> String {
        guard let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
              underlying.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(underlying.code)))
    }
}
