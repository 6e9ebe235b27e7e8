public import UpdraftCurl

/// An HTTP request answered with an error status (4xx/5xx) while its response was checked
/// (Airflow's `AirflowException("404:Not Found")`, with the request and a body excerpt).
///
/// The body excerpt is masked with the run's secret masker before it is stored here.
public struct HTTPStatusError: Error, Sendable, CustomStringConvertible {
    /// The method of the request.
    public var method: String
    /// The URL without credentials.
    public var url: String
    /// The status code.
    public var status: Int
    /// The standard reason phrase of the status, e.g. `Not Found`.
    public var reason: String
    /// The start of the response body (at most ``excerptLength`` characters), masked.
    public var bodyExcerpt: String

    /// How much of the body is kept.
    public static let excerptLength = 500

    /// Creates an error.
    public init(method: String, url: String, status: Int, reason: String, bodyExcerpt: String) {
        self.method = method
        self.url = url
        self.status = status
        self.reason = reason
        self.bodyExcerpt = bodyExcerpt
    }

    /// `404:Not Found for GET https://…: <body excerpt>` (Airflow's message first, so allow-lists match on it).
    public var description: String {
        "\(status):\(reason) for \(method) \(url)" + (bodyExcerpt.isEmpty ? "" : ": \(bodyExcerpt)")
    }
}

/// An HTTP request that got no response, after every attempt its retry policy allowed.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// The method of the request.
    public var method: String
    /// The URL without credentials.
    public var url: String
    /// How many attempts were made.
    public var attempts: Int
    /// The last transport failure.
    public var underlying: CurlError

    /// Creates an error.
    public init(method: String, url: String, attempts: Int, underlying: CurlError) {
        self.method = method
        self.url = url
        self.attempts = attempts
        self.underlying = underlying
    }

    public var description: String {
        "\(method) \(url) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(underlying)"
    }
}

/// An operator's `responseCheck` returned false (Airflow's "Response check returned False.").
public struct HTTPResponseCheckFailed: Error, Sendable, CustomStringConvertible {
    /// The method of the request.
    public var method: String
    /// The endpoint requested.
    public var endpoint: String
    /// The status of the response that failed the check.
    public var status: Int

    /// Creates an error.
    public init(method: String, endpoint: String, status: Int) {
        self.method = method
        self.endpoint = endpoint
        self.status = status
    }

    public var description: String {
        "Response check returned False for \(method) \(endpoint) (status \(status))"
    }
}
