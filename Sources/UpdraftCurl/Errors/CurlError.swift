/// A transport failure: the request did not produce a response (HTTP) or the server did not accept the message
/// (SMTP).
///
/// HTTP error statuses (4xx, 5xx) are not transport failures; they come back as an ``HTTPResponse``.
/// The text never contains credentials: URLs are stripped of user names and passwords, and request headers,
/// passwords and keys are never copied into an error.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for programmatic handling.
    public var code: Code
    /// libcurl's numeric `CURLcode` (0 when the failure did not come from libcurl, for example a cancellation).
    public var curlCode: Int
    /// libcurl's detailed message (`CURLOPT_ERRORBUFFER`), or a description of the failure.
    public var message: String
    /// The request URL without any user name or password.
    public var url: String
    /// The last reply line of the server for protocols that have one (SMTP), for example
    /// `550 5.1.1 <nobody@example.com>: Recipient address rejected`.
    public var serverResponse: String?
    /// The body size limit the response exceeded, in bytes, for ``Code/responseTooLarge``.
    public var responseSizeLimit: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - curlCode: libcurl's `CURLcode`, or 0.
    ///   - message: A human-readable explanation, free of secrets.
    ///   - url: The URL, already stripped of credentials.
    ///   - serverResponse: The server's last reply line, if any.
    ///   - responseSizeLimit: The body size limit exceeded, for ``Code/responseTooLarge``.
    public init(
        code: Code, curlCode: Int = 0, message: String, url: String, serverResponse: String? = nil,
        responseSizeLimit: Int? = nil
    ) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
        self.url = url
        self.serverResponse = serverResponse
        self.responseSizeLimit = responseSizeLimit
    }

    /// The error of a response whose body outgrew `limit` bytes: names the limit and the URL.
    static func responseTooLarge(limit: Int, url: String) -> CurlError {
        let unit =
            if limit >= 1 << 20, limit % (1 << 20) == 0 { " (\(limit >> 20) MiB)" }
            else if limit >= 1 << 10, limit % (1 << 10) == 0 { " (\(limit >> 10) KiB)" }
            else { "" }
        return CurlError(
            code: .responseTooLarge,
            message: "the response body exceeds the limit of \(limit) bytes\(unit); the transfer was stopped",
            url: url, responseSizeLimit: limit)
    }

    /// A short, fixed string naming the kind of failure, safe to use as a metric label.
    public var shortDescription: String { code.description }

    /// A one-line explanation: kind, URL, libcurl's message and the server's reply when known.
    public var description: String {
        var text = "\(code) for \(url): \(message)"
        if curlCode != 0 { text += " (curl code \(curlCode))" }
        if let serverResponse { text += "; server said: \(serverResponse)" }
        return text
    }
}
