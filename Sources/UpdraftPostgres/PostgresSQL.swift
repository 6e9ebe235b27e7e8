import PostgresNIO

/// A statement assembled piece by piece (filters that depend on a query), its values bound as parameters — never
/// spliced into the text.
struct PostgresSQL {
    private var text: String
    private var binds = PostgresBindings()

    init(_ text: String) { self.text = text }

    mutating func append(_ sql: String) { text += sql }

    /// Binds `value` and returns its placeholder (`$3`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Binds `value`, NULL when nil, and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}
