public import Updraft
public import UpdraftCurl

extension HTTPResponse {
    /// The standard reason phrase of `status` (`Not Found`), or `Unknown` for an unlisted code.
    public var reason: String { HTTPReasonPhrase.phrase(for: status) }

    /// Whether the status is 4xx or 5xx.
    public var isError: Bool { status >= 400 }

    /// The body parsed as JSON.
    /// - Throws: `DecodingError` when the body is not JSON.
    public func json() throws -> JSONValue { try JSONValue(parsing: bodyText) }

    /// This response when its status is below 400, else an ``HTTPStatusError`` carrying the status, reason and
    /// a body excerpt masked by `masker`.
    /// - Parameters:
    ///   - method: the request method, for the error.
    ///   - url: the request URL, for the error (masked too).
    ///   - masker: the run's secret masker.
    /// - Throws: ``HTTPStatusError``.
    @discardableResult
    public func checked(method: HTTPMethod, url: String, masker: SecretMasker) throws -> HTTPResponse {
        guard isError else { return self }
        let text = bodyText
        let excerpt = text.count > HTTPStatusError.excerptLength
            ? String(text.prefix(HTTPStatusError.excerptLength)) + "…" : text
        throw HTTPStatusError(method: method.rawValue, url: masker.mask(url), status: status, reason: reason,
                              bodyExcerpt: masker.mask(excerpt))
    }
}

/// Reason phrases of the statuses an API commonly answers (RFC 9110, 6585).
enum HTTPReasonPhrase {
    private static let phrases: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
        304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
        401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]

    static func phrase(for status: Int) -> String { phrases[status] ?? "Unknown" }
}
