internal import CCurl

/// One libcurl easy handle plus the C memory it points at (header lists, error buffer).
///
/// Not `Sendable`: libcurl forbids using a handle from two threads at once. The submitting task configures it,
/// hands it to the loop thread through the loop's locked command queue (which orders the two threads), and from
/// then on only the loop thread touches it. `cleanup()` is explicit and called by the loop right after
/// `curl_multi_remove_handle`, never from a `deinit`, so no callback can run against freed memory.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    /// The URL with any user name and password removed, for errors and logs.
    let redactedURL: String
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its detailed message here when a transfer fails.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Lists libcurl reads during the transfer but does not copy; freed in `cleanup()`.
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private var isCleanedUp = false

    init(url: String) throws(CurlError) {
        CurlGlobal.ensureInitialized()
        redactedURL = CurlURL.redact(url)
        guard let raw = curl_easy_init() else {
            throw CurlError(code: .invalidRequest, message: "curl_easy_init failed", url: redactedURL)
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
        do {
            // Signals are process-wide; with several threads libcurl must never use them (libcurl-thread(3)).
            try set(.noSignal, 1)
            try set(.url, url)
        } catch {
            cleanup()
            throw error
        }
    }

    /// libcurl's detailed text for the last failure, or its generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func set(_ option: LongOption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(raw, option.raw, value), option.raw)
    }

    func set(_ option: OffsetOption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_off_t(raw, option.raw, curl_off_t(value)), option.raw)
    }

    func set(_ option: StringOption, _ value: String) throws(CurlError) {
        try check(ccurl_easy_setopt_string(raw, option.raw, value), option.raw)
    }

    func set(_ option: BlobOption, _ bytes: [UInt8]) throws(CurlError) {
        let code = bytes.withUnsafeBytes { buffer in
            var blob = curl_blob(
                data: UnsafeMutableRawPointer(mutating: buffer.baseAddress), len: buffer.count,
                flags: UInt32(CURL_BLOB_COPY))
            return ccurl_easy_setopt_blob(raw, option.raw, &blob)
        }
        try check(code, option.raw)
    }

    /// Sets a list option; the list lives until `cleanup()`.
    func set(_ option: ListOption, _ items: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for item in items {
            guard let appended = curl_slist_append(list, item) else {
                curl_slist_free_all(list)
                throw CurlError(code: .invalidRequest, message: "out of memory building a list", url: redactedURL)
            }
            list = appended
        }
        if let list { lists.append(list) }
        try check(ccurl_easy_setopt_slist(raw, option.raw, list), option.raw)
    }

    func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        _ = ccurl_easy_setopt_pointer(raw, option, value)
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_easy_getinfo_long(raw, info, &value)
        return value
    }

    /// Frees the handle and its C memory. Called once, by the loop thread after `curl_multi_remove_handle`
    /// (or by the submitter when the handle never reached the loop).
    func cleanup() {
        guard !isCleanedUp else { return }
        isCleanedUp = true
        curl_easy_cleanup(raw)
        for list in lists { curl_slist_free_all(list) }
        lists.removeAll()
        errorBuffer.deallocate()
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlError) {
        guard code != CURLE_OK else { return }
        throw CurlError(curlCode: code, message: "setting option \(option.rawValue): " + errorText(for: code),
                        url: redactedURL)
    }
}
