/// A typed connection, read from Airflow's generic record: `HTTPConnection`, `KubernetesConnection`,
/// `SMTPConnection`…
///
/// Conforming types validate the fields they need in their initialiser and throw a ``ConnectionError`` naming the
/// connection and the field, so a misconfiguration is reported before any request is made.
public protocol Connection: Sendable {
    /// Airflow's `conn_type` this connection reads, for example `"http"`.
    static var connectionType: String { get }

    /// Reads the typed connection from the generic record.
    /// - Throws: ``ConnectionError`` when a field is missing or invalid.
    init(_ generic: GenericConnection) throws
}
