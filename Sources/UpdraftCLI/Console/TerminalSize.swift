import Foundation

/// The size of the terminal standard output is connected to.
enum TerminalSize {
    /// The number of columns, or nil when standard output is not a terminal.
    static func columns() -> Int? {
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) { pointer in
            #if canImport(Darwin)
            ioctl(STDOUT_FILENO, TIOCGWINSZ, pointer)
            #else
            ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), pointer)
            #endif
        }
        return status == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
    }
}
