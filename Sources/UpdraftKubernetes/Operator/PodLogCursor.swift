public import Foundation

/// Where a pod's log was read up to: the kubelet timestamp of the last line delivered and how many delivered lines
/// carry exactly that timestamp. Following resumes after it without repeating or losing a line, whether after a
/// cut stream or (with ``KubernetesPodOperator/resume(podName:namespace:logCursor:context:)``) after a restart.
public struct PodLogCursor: Sendable, Hashable, Codable {
    /// The RFC 3339 timestamp of the last line delivered, as the kubelet writes it (UTC, nine fractional digits),
    /// or `nil` for the start of the log.
    public var lastTimestamp: String?
    /// How many delivered lines carry ``lastTimestamp`` (lines can share a timestamp).
    public var linesAtLastTimestamp: Int

    /// A cursor at `lastTimestamp`, after `linesAtLastTimestamp` lines stamped with it.
    public init(lastTimestamp: String? = nil, linesAtLastTimestamp: Int = 0) {
        self.lastTimestamp = lastTimestamp
        self.linesAtLastTimestamp = max(0, linesAtLastTimestamp)
    }

    /// A cursor that skips the lines stamped before `date` (a date that is not finite: the start of the log).
    public init(after date: Date) {
        guard date.timeIntervalSince1970.isFinite, abs(date.timeIntervalSince1970) < 1e11 else {
            self.init()
            return
        }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanoseconds = Int(((date.timeIntervalSince1970 - seconds) * 1e9).rounded(.down))
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
        let fraction = String(nanoseconds)
        self.init(lastTimestamp: whole.dropLast() + "." + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z")
    }

    /// The `sinceTime` to ask for: the last timestamp rounded down to the second (what the API accepts), so the
    /// lines of that second come again and are skipped by timestamp.
    var sinceTime: String? {
        guard let lastTimestamp, let date = KubernetesTime.parse(lastTimestamp) else { return nil }
        return KubernetesTime.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    /// Whether a line stamped `timestamp` was delivered before. `replayed` counts down the lines stamped with the
    /// last timestamp that a reconnection sends again; the cursor moves past lines it accepts.
    mutating func accepts(_ timestamp: String, replayed: inout Int) -> Bool {
        if let last = lastTimestamp {
            if timestamp < last { return false }
            if timestamp == last {
                if replayed > 0 {
                    replayed -= 1
                    return false
                }
                linesAtLastTimestamp += 1
                return true
            }
        }
        lastTimestamp = timestamp
        linesAtLastTimestamp = 1
        replayed = 0
        return true
    }
}
