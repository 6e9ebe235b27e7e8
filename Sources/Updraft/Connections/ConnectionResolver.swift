/// Looks connections up in an ordered list of sources, registering their secrets with a masker.
public struct ConnectionResolver: Sendable {
    /// The sources, consulted in order; the first that has the id wins.
    public var sources: [any ConnectionSource]

    /// Creates a resolver over `sources` (by default the process environment only, as Airflow without a
    /// secrets backend).
    public init(sources: [any ConnectionSource] = [EnvironmentConnectionSource()]) {
        self.sources = sources
    }

    /// The generic connection `connID`; its secrets are registered with `masker`.
    /// - Throws: ``ConnectionError`` `notFound` naming every place looked in, or the source's parse error.
    public func connection(_ connID: String, masker: SecretMasker? = nil) throws -> GenericConnection {
        for source in sources {
            if let connection = try source.connection(connID) {
                masker?.register(connection)
                return connection
            }
        }
        let places = sources.map { $0.location(of: connID) }
        throw ConnectionError(.notFound, connID: connID,
                              "not found; looked in: \(places.isEmpty ? "no sources" : places.joined(separator: ", "))")
    }

    /// The connection `connID` read as the typed connection `C`.
    /// - Throws: ``ConnectionError`` when missing, malformed, or not readable as `C`.
    public func connection<C: Connection>(_ type: C.Type, id connID: String, masker: SecretMasker? = nil) throws -> C {
        try C(try connection(connID, masker: masker))
    }
}
