/// Why a PostgreSQL connection URL was refused. Every case names the part that is wrong; none ever quotes the user
/// information part of the URL, where the password is.
public enum PostgresURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not start with `postgresql://` or `postgres://`; the scheme it has, when it has one.
    case notPostgresURL(scheme: String?)
    /// A part is not validly percent-encoded (`user name`, `password`, `database name`, `parameter host`…).
    case invalidPercentEncoding(part: String)
    /// The port is not a number from 1 to 65535. Its text is not quoted: in a URL without `@`, what stands in the
    /// port's place may be a password.
    case invalidPort
    /// Several hosts (`host1,host2`): failover lists are not supported.
    case multipleHosts
    /// A query parameter this store does not know.
    case unsupportedParameter(name: String)
    /// A query parameter with a value it cannot take.
    case invalidParameter(name: String, value: String, expected: String)
    /// A query parameter without `=value`.
    case parameterWithoutValue(name: String)

    /// What is wrong and how to write it instead.
    public var description: String {
        let form = "expected postgresql://user:password@host:port/database?sslmode=…"
        switch self {
        case .notPostgresURL(let scheme?):
            return "not a PostgreSQL URL: the scheme is '\(scheme)', \(form)"
        case .notPostgresURL(nil):
            return "not a PostgreSQL URL: \(form)"
        case .invalidPercentEncoding(let part):
            return "the \(part) in the PostgreSQL URL is not validly percent-encoded (write %40 for @, %2F for /, "
                + "%3A for :, %25 for %)"
        case .invalidPort:
            return "the port in the PostgreSQL URL is not a number from 1 to 65535 (in a password, write : / ? @ as "
                + "%3A %2F %3F %40)"
        case .multipleHosts:
            return "the PostgreSQL URL names several hosts; give exactly one"
        case .unsupportedParameter(let name):
            return "the PostgreSQL URL parameter '\(name)' is not supported (supported: "
                + PostgresDatabaseURL.supportedParameters.joined(separator: ", ") + ")"
        case .invalidParameter(let name, let value, let expected):
            return "the PostgreSQL URL parameter \(name)='\(value)' is invalid: expected \(expected)"
        case .parameterWithoutValue(let name):
            return "the PostgreSQL URL parameter '\(name)' has no value (write \(name)=…)"
        }
    }
}
