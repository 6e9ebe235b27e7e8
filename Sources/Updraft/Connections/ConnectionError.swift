/// Why a connection could not be found, parsed or read as a typed connection.
///
/// Messages name the connection id and, for a missing connection, where Updraft looked (for example the
/// environment variable `AIRFLOW_CONN_TALEND_API`). They never contain the password.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// No source has a connection with this id.
        public static let notFound = Code("notFound")
        /// The URI form is malformed.
        public static let invalidURI = Code("invalidURI")
        /// The JSON form is malformed.
        public static let invalidJSON = Code("invalidJSON")
        /// A connections file could not be read or has the wrong shape.
        public static let invalidFile = Code("invalidFile")
        /// A field has a value a typed connection cannot use (wrong type, bad port, missing host…).
        public static let invalidField = Code("invalidField")
        /// The connection is of another type than the hook expects.
        public static let wrongType = Code("wrongType")
        /// The connection id does not match Airflow's rules.
        public static let invalidConnID = Code("invalidConnID")
        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// The connection concerned.
    public var connID: String
    /// A human explanation naming what is wrong and where.
    public var message: String

    /// Creates an error about `connID`.
    public init(_ code: Code, connID: String, _ message: String) {
        self.code = code
        self.connID = connID
        self.message = message
    }

    /// A label safe to use in metrics: no ids, no values.
    public var shortDescription: String { "connection.\(code)" }

    public var description: String { "connection '\(connID)': \(message)" }
}
