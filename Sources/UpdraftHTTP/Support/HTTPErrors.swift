public import Updraft
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

extension HTTPStatusError: RetryClassifiedError {
    /// 401 Unauthorized and 403 Forbidden: the credentials or permissions are wrong, and stay wrong until someone
    /// changes them. Every other status (429 and 5xx above all) may heal, and fails the try like any error.
    public var isPermanent: Bool { status == 401 || status == 403 }
}

extension HTTPTransportError: RetryClassifiedError {
    /// The request could not be built or trusted, or its answer can never fit: a malformed URL or header, a
    /// scheme other than http(s), a CA bundle, certificate or key that cannot be loaded, a server certificate the
    /// trust roots do not vouch for, a redirect loop, a body over the size limit. Connection failures and timeouts
    /// are transient.
    public var isPermanent: Bool { Self.permanentCodes.contains(underlying.code) }

    static let permanentCodes: Set<CurlError.Code> = [
        .invalidRequest, .unsupportedProtocol, .tlsCertificateProblem, .tlsVerifyFailed, .tooManyRedirects,
        .responseTooLarge,
    ]
}
