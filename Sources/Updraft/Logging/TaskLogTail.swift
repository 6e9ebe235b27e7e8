/// The last lines of one try, up to a limit (a ring), or all of them without a limit.
struct TaskLogTail {
    private var storage: [TaskLogLine] = []
    private var start = 0
    private let limit: Int?

    /// A tail keeping at most `limit` lines (every line when nil).
    init(limit: Int?) { self.limit = limit }

    mutating func append(_ line: TaskLogLine) {
        guard let limit else { return storage.append(line) }
        if storage.count < limit {
            storage.append(line)
        } else if limit > 0 {
            storage[start] = line
            start = (start + 1) % limit
        }
    }

    /// The lines, oldest first.
    var lines: [TaskLogLine] { Array(storage[start...] + storage[..<start]) }
}
