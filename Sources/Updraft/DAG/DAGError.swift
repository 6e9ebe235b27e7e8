/// Why a DAG could not be built: every message names the DAG and what is wrong where.
public struct DAGError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The DAG id does not match `^[\w.-]+$` or is longer than 250 characters.
        public static let invalidDAGID = Code("invalidDAGID")
        /// A task id does not match `^[\w.-]+$` or is longer than 250 characters.
        public static let invalidTaskID = Code("invalidTaskID")
        /// Two tasks have the same id.
        public static let duplicateTaskID = Code("duplicateTaskID")
        /// The dependencies form a cycle.
        public static let cycle = Code("cycle")
        /// A dependency names a task of another DAG.
        public static let foreignTask = Code("foreignTask")
        /// `chain` was given two lists of different lengths side by side.
        public static let chainLengthMismatch = Code("chainLengthMismatch")
        /// The schedule cannot be parsed.
        public static let invalidSchedule = Code("invalidSchedule")
        /// A task or DAG option has an impossible value.
        public static let invalidOption = Code("invalidOption")
        /// A task id that the DAG does not have was asked for.
        public static let unknownTask = Code("unknownTask")
        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// The DAG concerned.
    public var dagID: String
    /// What is wrong and where.
    public var message: String
    /// For ``Code/cycle``: the task ids along the cycle, first and last the same.
    public var cyclePath: [String]

    /// Creates an error about `dagID`.
    public init(_ code: Code, dagID: String, _ message: String, cyclePath: [String] = []) {
        self.code = code
        self.dagID = dagID
        self.message = message
        self.cyclePath = cyclePath
    }

    /// A label safe to use in metrics.
    public var shortDescription: String { "dag.\(code)" }

    public var description: String { "DAG '\(dagID)': \(message)" }
}

/// Airflow's id rule for DAGs and tasks: `^[\w.-]+$`, at most 250 characters.
enum Identifier {
    static let maxLength = 250

    static func isValid(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= maxLength || id.count <= maxLength else { return false }
        let asciiValid = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2E || byte == 0x2D
        }
        if asciiValid { return true }
        return id.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || scalar == "." || scalar == "-" || scalar.properties.isAlphabetic
                || scalar.properties.numericType != nil
        }
    }
}
