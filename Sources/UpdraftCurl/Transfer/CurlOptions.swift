internal import CCurl

// Options grouped by the C type libcurl expects, in the spirit of FoundationNetworking's CFURLSessionOption:
// `EasyHandle.set(_:_:)` has one overload per group, so pairing an option with the wrong value type does not compile.

/// An easy option whose value is a C `long`.
struct LongOption {
    let raw: CURLoption
    static let noSignal = LongOption(raw: CURLOPT_NOSIGNAL)
    static let followLocation = LongOption(raw: CURLOPT_FOLLOWLOCATION)
    static let maxRedirects = LongOption(raw: CURLOPT_MAXREDIRS)
    static let connectTimeoutMS = LongOption(raw: CURLOPT_CONNECTTIMEOUT_MS)
    static let timeoutMS = LongOption(raw: CURLOPT_TIMEOUT_MS)
    static let lowSpeedLimit = LongOption(raw: CURLOPT_LOW_SPEED_LIMIT)
    static let lowSpeedTime = LongOption(raw: CURLOPT_LOW_SPEED_TIME)
    static let serverResponseTimeout = LongOption(raw: CURLOPT_SERVER_RESPONSE_TIMEOUT)
    static let noBody = LongOption(raw: CURLOPT_NOBODY)
    static let httpVersion = LongOption(raw: CURLOPT_HTTP_VERSION)
    static let verifyPeer = LongOption(raw: CURLOPT_SSL_VERIFYPEER)
    static let verifyHost = LongOption(raw: CURLOPT_SSL_VERIFYHOST)
    static let upload = LongOption(raw: CURLOPT_UPLOAD)
    static let useSSL = LongOption(raw: CURLOPT_USE_SSL)
    static let tcpKeepAlive = LongOption(raw: CURLOPT_TCP_KEEPALIVE)
}

/// An easy option whose value is a `curl_off_t` (the `*_LARGE` sizes).
struct OffsetOption {
    let raw: CURLoption
    static let postFieldSize = OffsetOption(raw: CURLOPT_POSTFIELDSIZE_LARGE)
    static let inFileSize = OffsetOption(raw: CURLOPT_INFILESIZE_LARGE)
    static let maxFileSize = OffsetOption(raw: CURLOPT_MAXFILESIZE_LARGE)
}

/// An easy option whose value is a C string, which libcurl copies.
struct StringOption {
    let raw: CURLoption
    static let url = StringOption(raw: CURLOPT_URL)
    static let customRequest = StringOption(raw: CURLOPT_CUSTOMREQUEST)
    static let protocols = StringOption(raw: CURLOPT_PROTOCOLS_STR)
    static let redirectProtocols = StringOption(raw: CURLOPT_REDIR_PROTOCOLS_STR)
    static let userAgent = StringOption(raw: CURLOPT_USERAGENT)
    static let caInfo = StringOption(raw: CURLOPT_CAINFO)
    static let caPath = StringOption(raw: CURLOPT_CAPATH)
    static let sslCert = StringOption(raw: CURLOPT_SSLCERT)
    static let sslCertType = StringOption(raw: CURLOPT_SSLCERTTYPE)
    static let sslKey = StringOption(raw: CURLOPT_SSLKEY)
    static let sslKeyType = StringOption(raw: CURLOPT_SSLKEYTYPE)
    static let keyPassword = StringOption(raw: CURLOPT_KEYPASSWD)
    static let proxy = StringOption(raw: CURLOPT_PROXY)
    static let noProxy = StringOption(raw: CURLOPT_NOPROXY)
    static let proxyUsername = StringOption(raw: CURLOPT_PROXYUSERNAME)
    static let proxyPassword = StringOption(raw: CURLOPT_PROXYPASSWORD)
    static let username = StringOption(raw: CURLOPT_USERNAME)
    static let password = StringOption(raw: CURLOPT_PASSWORD)
    static let mailFrom = StringOption(raw: CURLOPT_MAIL_FROM)
}

/// An easy option whose value is PEM bytes in a `curl_blob`, which libcurl copies.
struct BlobOption {
    let raw: CURLoption
    static let caInfo = BlobOption(raw: CURLOPT_CAINFO_BLOB)
    static let sslCert = BlobOption(raw: CURLOPT_SSLCERT_BLOB)
    static let sslKey = BlobOption(raw: CURLOPT_SSLKEY_BLOB)
}

/// An easy option whose value is a `curl_slist` that the transfer keeps alive.
struct ListOption {
    let raw: CURLoption
    static let httpHeaders = ListOption(raw: CURLOPT_HTTPHEADER)
    static let connectTo = ListOption(raw: CURLOPT_CONNECT_TO)
    static let mailRecipients = ListOption(raw: CURLOPT_MAIL_RCPT)
}
