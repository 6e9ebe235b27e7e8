import Foundation

// Process figures the benchmarks share.

/// A field of /proc/self/status, in bytes.
public func memoryStatus(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let number = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first
        return (number.flatMap { Int($0) } ?? 0) * 1024
    }
    return 0
}

/// The CPU time (user + system) this process used so far.
public func processCPUTime() -> Duration {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func duration(_ time: timeval) -> Duration { .seconds(time.tv_sec) + .microseconds(time.tv_usec) }
    return duration(usage.ru_utime) + duration(usage.ru_stime)
}
