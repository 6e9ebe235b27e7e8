extension GenericConnection {
    /// The longest duration a connection may configure: 10⁹ s, about 31 years. Anything longer is surely a
    /// mistake, and converting it to the whole milliseconds a transfer library counts in would overflow.
    public static let maximumSeconds: Double = 1_000_000_000

    /// A number of seconds read from configuration (a connection's extra, a variable) as a duration.
    /// - Parameters:
    ///   - seconds: the configured number.
    ///   - field: what holds it, for the message (for example `extra 'timeout'`).
    ///   - connID: the connection concerned.
    /// - Throws: ``ConnectionError`` `invalidField` naming `field` when `seconds` is NaN, infinite, zero or
    ///   negative, or above ``maximumSeconds``.
    public static func duration(seconds: Double, field: String, connID: String) throws(ConnectionError) -> Duration {
        let problem: String? =
            if seconds.isNaN { "is not a number" }
            else if seconds.isInfinite { "is infinite" }
            else if seconds <= 0 { "must be positive, got \(seconds)" }
            else if seconds > maximumSeconds { "exceeds the maximum of \(Int(maximumSeconds)) s, got \(seconds)" }
            else { nil }
        if let problem {
            throw ConnectionError(.invalidField, connID: connID, "\(field) \(problem) (a number of seconds)")
        }
        return .milliseconds((seconds * 1000).rounded(.up))
    }

    /// An integer read from configuration, checked against the range its use allows.
    /// - Parameters:
    ///   - value: the configured number.
    ///   - range: the values accepted.
    ///   - field: what holds it, for the message (for example `extra 'retry_limit'`).
    ///   - connID: the connection concerned.
    /// - Throws: ``ConnectionError`` `invalidField` naming `field` and the range when `value` is outside it.
    public static func integer(_ value: Int, in range: ClosedRange<Int>, field: String, connID: String)
        throws(ConnectionError) -> Int
    {
        guard range.contains(value) else {
            throw ConnectionError(.invalidField, connID: connID,
                                  "\(field) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }
}
