import Foundation

/// File paths of kubeconfig handling, computed on their bytes.
///
/// Foundation's `NSString` path functions trap on some valid paths (`dir//ü` in `deletingLastPathComponent`), and
/// `KUBECONFIG` or a kubeconfig field is user input: these never trap and never normalise Unicode.
enum KubeconfigPath {
    /// The home directory as kubectl sees it: `$HOME`, else the account's home directory.
    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// `~` or `~/…` with `home` substituted (other paths unchanged).
    static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        guard path.utf8.starts(with: "~/".utf8) else { return path }
        return join(home, String(decoding: path.utf8.dropFirst(2), as: UTF8.self))
    }

    /// Whether `path` starts at the root.
    static func isAbsolute(_ path: String) -> Bool { path.utf8.first == UInt8(ascii: "/") }

    /// The directory holding `path`: what precedes its last `/` (trailing slashes ignored); `.` when there is none.
    static func directory(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        var parent = bytes[..<slash]
        while parent.count > 1, parent.last == UInt8(ascii: "/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(decoding: parent, as: UTF8.self)
    }

    /// `relative` inside `directory` (an absolute `relative` is returned as is).
    static func join(_ directory: String, _ relative: String) -> String {
        if isAbsolute(relative) || directory.isEmpty { return relative }
        return directory.utf8.last == UInt8(ascii: "/") ? directory + relative : directory + "/" + relative
    }
}
